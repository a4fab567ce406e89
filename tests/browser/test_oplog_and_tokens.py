"""An admin creates a personal API token (shown once, copyable), revokes it, then finds both operations in the
operation log (操作日志) through the menu and filters it."""

from playwright.sync_api import expect


def test_admin_creates_and_revokes_a_token_and_finds_it_in_the_log(page, site, sign_in):
    sign_in("admin")
    page.goto(f"{site}/me/tokens/")
    expect(page.get_by_test_id("token-list")).to_contain_text("还没有令牌")
    page.fill("#t-name", "报表同步")
    page.get_by_role("button", name="创建令牌").click()
    expect(page.get_by_test_id("new-token")).to_contain_text("只显示这一次")
    assert page.get_by_test_id("new-token-value").input_value().startswith("atr_")
    row = page.get_by_test_id("token-list").locator("tr", has_text="报表同步")
    expect(row).to_contain_text("有效")
    row.get_by_test_id("revoke-token").click()
    expect(page.locator(".messages")).to_contain_text("令牌“报表同步”已撤销")
    expect(page.get_by_test_id("token-list").locator("tr", has_text="报表同步")).to_contain_text("已撤销")

    page.locator('[data-nav="operation_log"]').click()
    expect(page.locator(".page-heading")).to_contain_text("操作日志")
    table = page.get_by_test_id("list-table")
    expect(table).to_contain_text("API 令牌")
    expect(table).to_contain_text("报表同步")
    page.select_option("#filter-action", "delete")
    page.get_by_role("button", name="筛选").click()
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("删除")
    expect(page.get_by_test_id("export-csv")).to_be_visible()
