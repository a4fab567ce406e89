"""Over the production server (uvicorn, pooled HTTP, websockets): 张华 (sales2) has her customer list open while
the sales manager, in another browser, transfers one of 李明's customers to her. Without reloading, her page
shows the notice and the unread count; the notice leads to the customer, who is now hers."""

import pytest
from playwright.sync_api import expect

from atrium.customers.services import customer_create
from atrium.testing.served import serving

CUSTOMER = "西城区周先生老房改造"


@pytest.fixture
def served_site(transactional_db, personas):
    with serving() as port:
        yield f"http://127.0.0.1:{port}"


def _signed_in(browser, browser_context_args, site, username, csp_guard):
    context = browser.new_context(**browser_context_args)
    csp_guard(context)
    page = context.new_page()
    page.goto(f"{site}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", "atrium-demo")
    page.click("button[type=submit]")
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    return page


def test_a_transferred_customer_is_announced_live_to_the_new_owner(
    browser, browser_context_args, served_site, personas, csp_guard
):
    customer = customer_create(actor=personas.sales1, data={"name": CUSTOMER})
    rep = _signed_in(browser, browser_context_args, served_site, "sales2", csp_guard)
    rep.goto(f"{served_site}/customers/")
    expect(rep.locator("body")).to_have_attribute("data-realtime-state", "open")
    expect(rep.locator("#unread-badge")).to_be_hidden()
    expect(rep.get_by_test_id("list-table").get_by_text(CUSTOMER)).to_have_count(0)

    manager = _signed_in(browser, browser_context_args, served_site, "manager", csp_guard)
    manager.goto(f"{served_site}/customers/")
    manager.get_by_label(f"选择 {CUSTOMER}", exact=True).check()
    manager.get_by_label("转移给", exact=True).select_option(label="张华")
    manager.get_by_role("button", name="转移", exact=True).click()
    expect(manager.get_by_role("status")).to_contain_text("已转移 1 位客户")

    notice = rep.locator("#toasts").get_by_role("link", name=f"王经理 将客户“{CUSTOMER}”转移给了您")
    expect(notice).to_be_visible()
    expect(rep.locator("#unread-badge")).to_have_text("1")
    notice.click()
    expect(rep).to_have_url(f"{served_site}/customers/{customer.pk}/")
    expect(rep.get_by_test_id("owner")).to_have_text("张华")
