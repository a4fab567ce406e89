"""A person signs in and sees the Chinese shell with their name; signing out returns to the login page."""

from playwright.sync_api import expect


def test_sales_rep_signs_in_and_sees_the_shell(page, site, sign_in):
    sign_in("sales1")
    expect(page.get_by_test_id("user-menu")).to_contain_text("李明")
    expect(page.locator("h1")).to_contain_text("欢迎")
    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(f"{site}/accounts/login/")
