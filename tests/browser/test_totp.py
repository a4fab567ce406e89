"""A person turns on two-factor authentication with an authenticator app (the test computes the app's code
from the secret shown on the page), signs out, and signs in again with password and code."""

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect


def authenticator_code(secret: str) -> str:
    """What the person's authenticator app shows now. Near the end of a 30-second window, wait for the next
    one so that the server checks the code in the same window it was made in."""
    period = mfa_settings.TOTP_PERIOD
    if period - time.time() % period < 3:
        time.sleep(period - time.time() % period + 0.2)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def test_person_enrols_totp_and_signs_in_with_a_code(page, site, sign_in):
    sign_in("member")
    page.get_by_test_id("user-menu").click()
    page.get_by_role("link", name="双重验证").click()
    expect(page.get_by_test_id("mfa-totp")).to_contain_text("未开启")
    page.get_by_test_id("mfa-activate").click()

    # Changing sign-in settings asks for the password again.
    expect(page.locator("h1")).to_have_text("身份确认")
    page.fill("input[name=password]", "atrium-demo")
    page.get_by_role("button", name="确认").click()

    expect(page.locator("h1")).to_have_text("开启身份验证器")
    expect(page.get_by_test_id("totp-qr")).to_be_visible()
    secret = page.get_by_test_id("totp-secret").inner_text().strip()
    assert len(secret) >= 16
    page.fill("input[name=code]", "000000" if authenticator_code(secret) != "000000" else "111111")
    page.get_by_test_id("totp-confirm").click()
    expect(page.locator(".errorlist")).to_contain_text("验证码不正确")

    page.fill("input[name=code]", authenticator_code(secret))
    page.get_by_test_id("totp-confirm").click()
    expect(page.locator("h1")).to_have_text("恢复码")
    expect(page.get_by_test_id("recovery-codes").locator("li")).not_to_have_count(0)

    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(f"{site}/accounts/login/")

    sign_in("member")
    expect(page.locator("h1")).to_have_text("双重验证")
    expect(page.get_by_test_id("user-menu")).to_have_count(0)
    page.fill("input[name=code]", authenticator_code(secret))
    page.get_by_test_id("mfa-submit").click()

    expect(page.get_by_test_id("user-menu")).to_contain_text("刘师傅")
    expect(page.locator("h1")).to_contain_text("欢迎")
