"""A person who forgot their password asks for a reset on the sign-in page, follows the link in the e-mail
(delivered to a real local SMTP server), chooses a new password and signs in with it."""

import re

from playwright.sync_api import expect

from tests.smtp_capture import body_text, smtp_server  # noqa: F401  (pytest fixture)

NEW_PASSWORD = "Xin-Mima-2024!"


def test_forgotten_password_is_reset_through_the_emailed_link(page, site, sign_in, smtp_server):  # noqa: F811
    page.goto(f"{site}/accounts/login/")
    page.get_by_text("忘记密码？").click()
    expect(page.locator("h1")).to_have_text("重置密码")
    page.fill("input[name=email]", "pm@zhucheng.example")
    page.get_by_role("button", name="发送重置链接").click()
    expect(page.get_by_test_id("reset-sent")).to_contain_text("重置密码的邮件已发出")

    mail = smtp_server.wait_for(to="pm@zhucheng.example")
    assert "[Atrium]" in str(mail["Subject"])
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", body_text(mail))
    assert link, body_text(mail)

    page.goto(link.group(0))
    expect(page.locator("h1")).to_have_text("设置新密码")
    page.fill("input[name=password1]", NEW_PASSWORD)
    page.fill("input[name=password2]", NEW_PASSWORD)
    page.get_by_role("button", name="设置新密码").click()
    expect(page.get_by_test_id("reset-done")).to_contain_text("密码已修改")

    sign_in("pm", "atrium-demo")
    expect(page.get_by_test_id("login-error")).to_have_text("账号或密码错误。")
    sign_in("pm", NEW_PASSWORD)
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    expect(page.locator("h1")).to_contain_text("欢迎")


def test_used_reset_link_no_longer_works(page, site, smtp_server):  # noqa: F811
    page.goto(f"{site}/accounts/password/reset/")
    page.fill("input[name=email]", "member@zhucheng.example")
    page.get_by_role("button", name="发送重置链接").click()
    link = re.search(
        r"https?://\S+/accounts/password/reset/key/\S+", body_text(smtp_server.wait_for(to="member@"))
    )
    page.goto(link.group(0))
    page.fill("input[name=password1]", NEW_PASSWORD)
    page.fill("input[name=password2]", NEW_PASSWORD)
    page.get_by_role("button", name="设置新密码").click()
    expect(page.get_by_test_id("reset-done")).to_be_visible()
    page.goto(link.group(0))
    expect(page.locator("h1")).to_have_text("链接已失效")
