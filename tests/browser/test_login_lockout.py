"""Five wrong passwords lock the account: the sixth attempt, even with the right password, is refused with a
clear Chinese message, and the person stays on the sign-in page."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect


@pytest.fixture(autouse=True)
def _fresh_lockouts():
    """Lock-out counters live in the cache shared with the live server; leave none behind for other tests."""
    cache.clear()
    yield
    cache.clear()


def test_five_wrong_passwords_lock_the_account(page, site, sign_in):
    for _attempt in range(5):
        sign_in("sales2", "not-my-password")
        expect(page.get_by_test_id("login-error")).to_have_text("账号或密码错误。")

    sign_in("sales2", "atrium-demo")

    error = page.get_by_test_id("login-error")
    expect(error).to_contain_text("登录失败次数过多，账号已锁定 15 分钟")
    expect(error).to_contain_text("重置密码")
    expect(page).to_have_url(f"{site}/accounts/login/")
    expect(page.get_by_test_id("user-menu")).to_have_count(0)


def test_another_account_can_still_sign_in(page, site, sign_in):
    for _attempt in range(5):
        sign_in("sales2", "not-my-password")
    sign_in("sales1")
    expect(page.get_by_test_id("user-menu")).to_contain_text("李明")
