"""Signing in: by username or e-mail, wrong password, a stranger's address locked out after five failures (and
its log rows), closed sign-up, session safety (rotation, registry, deactivation) and the single sign-on button.
The sign-in limits in depth (trusted sources, unlock, the command): test_sign_in_limits.py."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client, override_settings

from atrium.accounts.models import User, UserSession
from atrium.accounts.services import user_deactivate
from atrium.core.models import OperationLog

LOGIN = "/accounts/login/"
LOCKED = "此地址登录失败次数过多，已暂停从这里登录该账号 15 分钟"
OIDC = {
    "openid_connect": {
        "APPS": [
            {
                "provider_id": "corp",
                "name": "企业账号",
                "client_id": "atrium",
                "secret": "s3cret",
                "settings": {"server_url": "https://id.example.com"},
            }
        ]
    }
}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Lock-out counters live in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


def _sign_in(client: Client, login: str, password: str = "atrium-demo"):
    return client.post(LOGIN, {"login": login, "password": password})


def test_login_page_is_ours_in_chinese(client, personas):
    page = client.get(LOGIN).content.decode()
    assert 'class="auth-card"' in page
    for text in ("账号/邮箱", "密码", "登录", "忘记密码？"):
        assert text in page
    assert 'name="login"' in page and 'name="password"' in page and 'type="submit"' in page
    assert "使用单点登录" not in page


@pytest.mark.parametrize("login", ["sales1", "SALES1", "sales1@zhucheng.example", "Sales1@Zhucheng.example"])
def test_sign_in_by_username_or_email(client, personas, login):
    response = _sign_in(client, login)
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/").wsgi_request.user == personas.sales1
    assert OperationLog.objects.filter(action="login", actor=personas.sales1).count() == 1


def test_wrong_password_says_so_in_chinese_and_is_logged(client, personas):
    response = _sign_in(client, "sales1", "wrong-password")
    assert response.status_code == 200
    assert "账号或密码错误" in response.content.decode()
    assert not client.get("/").wsgi_request.user.is_authenticated
    row = OperationLog.objects.get(action="login_failed")
    assert row.object_id == str(personas.sales1.pk) and row.object_repr == "sales1"
    assert row.actor is None


def test_five_failures_lock_a_strangers_address_out_even_for_the_right_password(client, personas):
    for _ in range(5):
        page = _sign_in(client, "sales1", "wrong-password").content.decode()
        assert LOCKED not in page
    response = _sign_in(client, "sales1")
    assert LOCKED in response.content.decode()
    assert not client.get("/").wsgi_request.user.is_authenticated
    assert not OperationLog.objects.filter(action="login", actor=personas.sales1).exists()


def test_lockout_counts_username_and_email_spellings_together(client, personas):
    for login in ("sales1", "sales1", "sales1@zhucheng.example", "SALES1", "sales1@zhucheng.example"):
        _sign_in(client, login, "wrong-password")
    assert LOCKED in _sign_in(client, "sales1@zhucheng.example").content.decode()


def test_lockout_is_per_account(client, personas):
    for _ in range(5):
        _sign_in(client, "sales1", "wrong-password")
    assert _sign_in(client, "sales2").status_code == 302


def test_failures_and_the_refused_attempt_are_in_the_operation_log(client, personas):
    for _ in range(5):
        _sign_in(client, "sales1", "wrong-password")
    _sign_in(client, "sales1")
    rows = list(OperationLog.objects.filter(action__startswith="login_").order_by("id"))
    assert [row.action for row in rows] == ["login_failed"] * 5 + ["login_locked", "login_failed"]
    assert all(row.object_id == str(personas.sales1.pk) for row in rows)
    assert "15 分钟" in rows[-2].summary
    assert "拒绝" in rows[-1].summary and "15 分钟" in rows[-1].summary
    assert all(row.ip == "127.0.0.1" for row in rows)


def test_unknown_login_fails_like_a_wrong_password(client, personas):
    response = _sign_in(client, "nobody", "whatever-123")
    assert "账号或密码错误" in response.content.decode()
    assert OperationLog.objects.get(action="login_failed").object_id == ""


def test_signup_is_closed(client, personas):
    before = User.objects.count()
    page = client.get("/accounts/signup/")
    assert page.status_code == 200 and "暂不开放注册" in page.content.decode()
    client.post(
        "/accounts/signup/",
        {
            "username": "intruder",
            "email": "i@example.com",
            "password1": "Xy9!long-pass",
            "password2": "Xy9!long-pass",
        },
    )
    assert User.objects.count() == before
    assert "注册" not in client.get(LOGIN).content.decode().replace("暂不开放注册", "")


def test_session_key_is_rotated_on_sign_in(client, personas):
    client.get(LOGIN)
    session = client.session
    session["probe"] = "before"
    session.save()
    before = session.session_key
    assert _sign_in(client, "sales1").status_code == 302
    after = client.cookies["sessionid"].value
    assert after and after != before
    assert not Session.objects.filter(session_key=before).exists()


def test_sign_in_records_the_session_and_sign_out_removes_it(client, personas):
    _sign_in(client, "sales1", "atrium-demo")
    key = client.cookies["sessionid"].value
    record = UserSession.objects.get(session_key=key)
    assert record.user == personas.sales1 and record.ip == "127.0.0.1"
    assert client.post("/accounts/logout/").status_code == 302
    assert not UserSession.objects.filter(session_key=key).exists()
    assert OperationLog.objects.filter(action="logout", actor=personas.sales1).exists()


def test_deactivation_signs_the_person_out_everywhere(personas):
    laptop, phone, admin = Client(), Client(), Client()
    for device in (laptop, phone):
        assert _sign_in(device, "sales1").status_code == 302
    _sign_in(admin, "admin")
    assert laptop.get("/me/").status_code == 200
    assert UserSession.objects.filter(user=personas.sales1).count() == 2

    user_deactivate(actor=personas.admin, user_id=personas.sales1.pk)

    for device in (laptop, phone):
        response = device.get("/me/")
        assert response.status_code == 302 and response.url.startswith(LOGIN)
    assert not UserSession.objects.filter(user=personas.sales1).exists()
    assert admin.get("/me/").status_code == 200


def test_deactivated_person_cannot_sign_in_again(client, personas):
    user_deactivate(actor=personas.admin, user_id=personas.sales1.pk)
    response = _sign_in(client, "sales1")
    assert not client.get("/").wsgi_request.user.is_authenticated
    assert response.status_code in (200, 302)
    assert not OperationLog.objects.filter(action="login", actor=personas.sales1).exists()


def test_tokens_of_a_deactivated_person_stop_working(api_as, personas):
    api = api_as("sales1")
    assert api.get("/api/v1/me").status_code == 200
    user_deactivate(actor=personas.admin, user_id=personas.sales1.pk)
    assert api.get("/api/v1/me").status_code == 401


@override_settings(SOCIALACCOUNT_PROVIDERS=OIDC)
def test_single_sign_on_button_appears_when_a_provider_is_configured(client, personas):
    page = client.get(LOGIN).content.decode()
    assert "使用单点登录" in page and "企业账号" in page
    assert 'action="/accounts/oidc/corp/login/' in page


def test_no_single_sign_on_button_without_a_provider(client, personas):
    page = client.get(LOGIN).content.decode()
    assert "使用单点登录" not in page and "/accounts/oidc/" not in page


@override_settings(SOCIALACCOUNT_PROVIDERS=OIDC)
def test_single_sign_on_matches_known_people_only_by_verified_email(rf, personas):
    """The adapter trusts the address an administrator entered (so allauth keeps the password) and never
    signs up someone unknown."""
    from allauth.account.models import EmailAddress
    from allauth.socialaccount.models import SocialAccount, SocialLogin

    from atrium.accounts.adapters import SocialAccountAdapter

    request = rf.get("/")
    adapter = SocialAccountAdapter(request)
    known = SocialLogin(
        account=SocialAccount(provider="corp", uid="1"),
        email_addresses=[EmailAddress(email="Sales1@zhucheng.example", verified=True)],
    )
    known.provider = adapter.get_provider(request, "corp")
    user, _email = adapter.authenticate_by_email(known)
    assert user == personas.sales1
    assert EmailAddress.objects.get(user=personas.sales1).verified
    assert adapter.is_open_for_signup(request, known) is False
