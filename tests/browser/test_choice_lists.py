"""The admin renames an industry and merges another into it on the choice lists page (选项列表), seeing how many
customers will move before confirming; sales1 then finds his customer under the new name and no longer sees the
merged one offered."""

from playwright.sync_api import expect

from atrium.customers.services import customer_create
from atrium.testing.personas import Personas


def test_admin_renames_and_merges_industries(page, site, sign_in, personas: Personas):
    customer_create(actor=personas.sales1, data={"name": "雅居酒店", "industry": "酒店餐饮"})
    customer_create(actor=personas.sales1, data={"name": "城南商场", "industry": "商业零售"})
    sign_in("admin")
    page.goto(f"{site}/settings/")
    page.get_by_role("link", name="选项列表").first.click()
    expect(page.get_by_test_id("choice-lists")).to_contain_text("跟进方式")
    page.get_by_role("link", name="行业").click()

    row = page.locator(".option-row", has=page.locator("input[value=酒店餐饮]"))
    row.locator("input[name=label]").fill("酒店与餐饮")
    row.get_by_test_id("option-rename").click()
    expect(page.locator(".message.success")).to_contain_text("“酒店餐饮”已改名为“酒店与餐饮”")

    page.locator(".option-row", has=page.locator("input[value=商业零售]")).get_by_test_id(
        "option-merge"
    ).click()
    page.select_option("#merge-target", label="酒店与餐饮")
    page.get_by_test_id("merge-preview").click()
    expect(page.get_by_test_id("merge-count")).to_have_text("1 条使用“商业零售”的记录将改为“酒店与餐饮”。")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("merge-submit").click()
    expect(page.locator(".message.success")).to_contain_text("1 条记录已转移")

    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(f"{site}/accounts/login/")
    sign_in("sales1")
    page.goto(f"{site}/customers/?industry=酒店与餐饮")
    expect(page.locator("#content")).to_contain_text("雅居酒店")
    expect(page.locator("#content")).to_contain_text("城南商场")
    page.goto(f"{site}/customers/new/")
    options = page.locator("select[name=industry] option")
    expect(options.filter(has_text="酒店与餐饮")).to_have_count(1)
    expect(options.filter(has_text="商业零售")).to_have_count(0)
