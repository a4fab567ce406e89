"""Under the strict Content-Security-Policy (no inline script, no eval, no inline style) the interactive parts
still work: the user menu (Alpine's CSP build), the copy button of a new token, the confirmation before a
deactivation, the phone menu, and the API docs (Swagger UI, under the same policy). Any violation
fails the journey (tests/browser/conftest.py)."""

from playwright.sync_api import expect


def test_the_interactive_parts_work_under_the_policy(page, site, sign_in, personas, context):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    sign_in("admin")
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    page.get_by_test_id("user-menu").click()
    expect(page.get_by_test_id("logout")).to_be_visible()
    page.locator("h1, .page-heading").first.click()
    expect(page.get_by_test_id("logout")).to_be_hidden()

    page.goto(f"{site}/me/tokens/")
    page.fill("#t-name", "同步")
    page.get_by_role("button", name="创建令牌").click()
    page.get_by_test_id("copy-token").click()
    expect(page.get_by_test_id("new-token").get_by_text("已复制")).to_be_visible()

    page.goto(f"{site}/settings/users/{personas.sales1.pk}/")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_test_id("deactivate").click()
    expect(page.get_by_test_id("deactivate")).to_be_visible()
    personas.sales1.refresh_from_db()
    assert personas.sales1.is_active


def test_the_phone_menu_opens(page, site, sign_in):
    page.set_viewport_size({"width": 390, "height": 800})
    sign_in("sales1")
    page.locator(".menu-toggle").click()
    expect(page.locator(".sidebar")).to_have_class("sidebar open")


def test_the_api_docs_render(page, site, sign_in):
    sign_in("admin")
    page.goto(f"{site}/api/v1/docs")
    operation = page.locator(".swagger-ui .opblock").first
    expect(operation).to_be_visible(timeout=15000)
    operation.locator(".opblock-summary").click()
    expect(operation.locator(".opblock-body")).to_be_visible()
    page.get_by_role("button", name="Try it out").first.click()
    page.get_by_role("button", name="Execute").first.click()
    expect(operation.locator(".responses-wrapper .live-responses-table")).to_be_visible()
