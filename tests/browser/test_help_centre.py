"""A sales rep finds help from the page they are on, searches the manual by a Chinese fragment, and finds a
customer by the initials of its name; the client reads only the page for clients."""

from playwright.sync_api import expect


def test_sales_rep_reads_the_help_of_the_pool_and_searches_it(page, site, sign_in):
    sign_in("sales1")
    page.goto(f"{site}/pool/")
    page.get_by_test_id("help-link").click()
    expect(page.get_by_test_id("help-article").locator("h1")).to_have_text("公海")

    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("user-menu-help").click()
    page.get_by_test_id("help-search").fill("校验报告")
    page.get_by_test_id("help-search").press("Enter")
    results = page.get_by_test_id("help-results")
    expect(results).to_contain_text("导入与导出")
    results.get_by_role("link", name="导入与导出").click()
    expect(page.get_by_test_id("help-article")).to_contain_text("下载校验报告（CSV）")


def test_a_customer_is_found_by_the_initials_of_its_name(page, site, sign_in):
    sign_in("sales1")
    page.goto(f"{site}/customers/new/")
    page.fill("input[name=name]", "筑城雅居装饰")
    page.get_by_role("button", name="创建客户").click()
    expect(page.locator(".message.success")).to_contain_text("筑城雅居装饰")
    page.get_by_test_id("global-search").fill("zcyj")
    page.get_by_test_id("global-search").press("Enter")
    expect(page.locator("#content")).to_contain_text("筑城雅居装饰")


def test_the_client_reads_the_page_for_clients(page, site, sign_in):
    sign_in("client")
    page.get_by_test_id("help-link").click()
    expect(page.get_by_test_id("help-article").locator("h1")).to_have_text("使用帮助")
    page.goto(f"{site}/help/pool/")
    expect(page.locator("h1")).not_to_contain_text("公海")
