"""Five wrong passwords from an address that never signed in to the account lock that address out of it: the
sixth attempt, even with the right password, is refused with a clear Chinese message that says how long to
wait, and the person stays on the sign-in page."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect


@pytest.fixture(autouse=True)
def _fresh_lockouts():
    """allauth's per-minute request limit lives in the cache shared with the live server; leave none behind."""
    cache.clear()
    yield
    cache.clear()


def test_five_wrong_passwords_lock_the_account(page, site, sign_in):
    for _attempt in range(5):
        sign_in("sales2", "not-my-password")
        expect(page.get_by_test_id("login-error")).to_have_text("账号或密码错误。")

    sign_in("sales2", "atrium-demo")

    error = page.get_by_test_id("login-error")
    expect(error).to_contain_text("此地址登录失败次数过多，已暂停从这里登录该账号 15 分钟")
    expect(error).to_contain_text("管理员解锁")
    expect(page).to_have_url(f"{site}/accounts/login/")
    expect(page.get_by_test_id("user-menu")).to_have_count(0)


def test_another_account_can_still_sign_in(page, site, sign_in):
    for _attempt in range(5):
        sign_in("sales2", "not-my-password")
    sign_in("sales1")
    expect(page.get_by_test_id("user-menu")).to_contain_text("李明")
