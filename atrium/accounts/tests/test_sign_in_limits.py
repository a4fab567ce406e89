"""Sign-in limits: a stranger cannot lock the owner out. Failures count per account and address; a source
that signed in before is slowed down, never locked; an administrator (user page) or the server's operator
(``atrium unlock``) unlocks without e-mail; every lock, unlock and refusal is in the operation log.

Nothing sleeps: the window is passed by moving the stored failure times back."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db.models import F
from django.test import Client

from atrium.accounts.models import KnownSignInSource, SignInFailure
from atrium.accounts.selectors.sign_in_limits import DEVICE_COOKIE
from atrium.core.models import OperationLog

LOGIN = "/accounts/login/"
OWNER_HOME = "198.51.100.7"
STRANGER = "203.0.113.66"
LOCKED = "此地址登录失败次数过多"
SLOWED = "登录失败次数过多，请等待"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth's per-minute request limit lives in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


def _sign_in(client: Client, login: str, password: str = "atrium-demo", *, ip: str, **extra):
    return client.post(LOGIN, {"login": login, "password": password}, REMOTE_ADDR=ip, **extra)


def _signed_in(client: Client) -> bool:
    return client.get("/").wsgi_request.user.is_authenticated


def _window_passes() -> None:
    SignInFailure.objects.update(at=F("at") - datetime.timedelta(seconds=901))
    cache.clear()


def _owner_signed_in_before(ip: str = OWNER_HOME) -> Client:
    """sales1 signs in once from ``ip`` (the address and the browser become known), then signs out."""
    owner = Client()
    assert _sign_in(owner, "sales1", ip=ip).status_code == 302
    owner.post("/accounts/logout/", REMOTE_ADDR=ip)
    return owner


def test_a_strangers_fifty_failures_do_not_stop_the_owner(personas):
    owner = _owner_signed_in_before()
    stranger = Client()
    for _burst in range(10):
        for _ in range(5):
            page = _sign_in(stranger, "sales1", "guess-123", ip=STRANGER).content.decode()
            assert "账号或密码错误" in page
        assert LOCKED in _sign_in(stranger, "sales1", "guess-123", ip=STRANGER).content.decode()
        assert _sign_in(owner, "sales1", ip=OWNER_HOME).status_code == 302
        owner.post("/accounts/logout/", REMOTE_ADDR=OWNER_HOME)
        _window_passes()
    assert OperationLog.objects.filter(action="login_locked").count() == 10


def test_the_strangers_address_is_refused_even_with_the_right_password(client, personas):
    for _ in range(5):
        _sign_in(client, "sales1", "guess-123", ip=STRANGER)
    page = _sign_in(client, "sales1", ip=STRANGER).content.decode()
    assert LOCKED in page and "15 分钟" in page
    assert not _signed_in(client)
    refused = OperationLog.objects.filter(action="login_failed").order_by("-id").first()
    assert "拒绝" in refused.summary and refused.ip == STRANGER
    other_address = Client()
    assert _sign_in(other_address, "sales1", ip="192.0.2.10").status_code == 302


def test_the_lock_ends_when_the_window_has_passed(client, personas):
    for _ in range(5):
        _sign_in(client, "sales1", "guess-123", ip=STRANGER)
    assert LOCKED in _sign_in(client, "sales1", ip=STRANGER).content.decode()
    SignInFailure.objects.update(at=F("at") - datetime.timedelta(seconds=600))
    assert "5 分钟" in _sign_in(client, "sales1", ip=STRANGER).content.decode()
    _window_passes()
    assert _sign_in(client, "sales1", ip=STRANGER).status_code == 302


def test_failures_from_many_addresses_leave_only_known_sources_in(personas):
    owner = _owner_signed_in_before()
    for n in range(50):
        _sign_in(Client(), "sales1", "guess-123", ip=f"10.0.{n // 200}.{n % 200 + 1}")
    assert OperationLog.objects.filter(action="login_locked").exists()
    assert LOCKED in _sign_in(Client(), "sales1", ip="192.0.2.99").content.decode()
    assert _sign_in(owner, "sales1", ip=OWNER_HOME).status_code == 302
    travelling = Client()
    travelling.cookies[DEVICE_COOKIE] = owner.cookies[DEVICE_COOKIE].value
    assert _sign_in(travelling, "sales1", ip="192.0.2.123").status_code == 302


def test_an_address_trying_many_accounts_is_locked_out_of_the_others(personas):
    stranger = Client()
    for login in ["sales2", "manager", "pm", "member"] * 5:
        _sign_in(stranger, login, "guess-123", ip=STRANGER)
    assert LOCKED in _sign_in(stranger, "client", "guess-123", ip=STRANGER).content.decode()
    assert LOCKED in _sign_in(stranger, "nobody-here", "guess-123", ip=STRANGER).content.decode()
    assert _sign_in(Client(), "client", ip="192.0.2.10").status_code == 302


def test_a_known_source_is_slowed_down_with_a_growing_wait_not_locked(personas):
    owner = _owner_signed_in_before()
    for _ in range(5):
        assert "账号或密码错误" in _sign_in(owner, "sales1", "typo", ip=OWNER_HOME).content.decode()
    page = _sign_in(owner, "sales1", ip=OWNER_HOME).content.decode()
    assert SLOWED in page and "30 秒" in page
    refused = OperationLog.objects.filter(action="login_failed").order_by("-id").first()
    assert "拒绝" in refused.summary and "30 秒" in refused.summary
    SignInFailure.objects.update(at=F("at") - datetime.timedelta(seconds=31))
    _sign_in(owner, "sales1", "typo", ip=OWNER_HOME)
    assert "1 分钟" in _sign_in(owner, "sales1", ip=OWNER_HOME).content.decode()
    SignInFailure.objects.update(at=F("at") - datetime.timedelta(seconds=61))
    assert _sign_in(owner, "sales1", ip=OWNER_HOME).status_code == 302
    assert not OperationLog.objects.filter(action="login_locked").exists()
    assert not SignInFailure.objects.exists()  # a success forgets the source's own failures


def test_the_messages_say_how_long_to_wait_in_english_too(client, personas):
    for _ in range(5):
        _sign_in(client, "sales1", "guess-123", ip=STRANGER)
    page = _sign_in(client, "sales1", ip=STRANGER, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "paused for 15 minutes" in page


def test_a_success_remembers_the_address_and_device_as_hashes_only(client, personas):
    _sign_in(client, "sales1", ip=OWNER_HOME)
    cookie = client.cookies[DEVICE_COOKIE]
    assert cookie["httponly"] and int(cookie["max-age"]) == 180 * 86400
    digests = set(KnownSignInSource.objects.filter(user=personas.sales1).values_list("digest", flat=True))
    assert len(digests) == 2
    assert OWNER_HOME not in str(digests) and cookie.value not in str(digests)
    client.post("/accounts/logout/")
    _sign_in(client, "sales1", "typo", ip="192.0.2.1")
    stored = SignInFailure.objects.get()
    assert stored.trusted and stored.address not in digests and stored.device in digests


def test_an_administrator_unlocks_on_the_users_page(client, personas, client_as):
    for _ in range(5):
        _sign_in(client, "sales1", "guess-123", ip=STRANGER)
    admin = client_as(personas.admin)
    page = admin.get(f"/settings/users/{personas.sales1.pk}/").content.decode()
    assert 'data-testid="unlock-sign-in"' in page and "5 次登录失败" in page
    response = admin.post(f"/settings/users/{personas.sales1.pk}/unlock-sign-in/")
    assert response.status_code == 302
    assert "已解锁" in admin.get(response.url).content.decode()
    row = OperationLog.objects.get(action="login_unlocked")
    assert row.actor == personas.admin and row.object_id == str(personas.sales1.pk) and "5" in row.summary
    assert _sign_in(client, "sales1", ip=STRANGER).status_code == 302


def test_only_people_who_may_edit_the_user_can_unlock(client, personas, client_as):
    for _ in range(5):
        _sign_in(client, "sales1", "guess-123", ip=STRANGER)
    rep = client_as(personas.sales2)
    assert rep.post(f"/settings/users/{personas.sales1.pk}/unlock-sign-in/").status_code in (403, 404)
    assert rep.get(f"/settings/users/{personas.sales1.pk}/unlock-sign-in/").status_code in (403, 404, 405)
    assert SignInFailure.objects.count() == 5
    assert not OperationLog.objects.filter(action="login_unlocked").exists()


def test_the_unlock_command(client, personas, capsys):
    for _ in range(5):
        _sign_in(client, "admin", "guess-123", ip=STRANGER)
    assert LOCKED in _sign_in(client, "admin", ip=STRANGER).content.decode()
    call_command("unlock", "ADMIN")
    assert "unlocked (5 failed attempts cleared)" in capsys.readouterr().out
    row = OperationLog.objects.get(action="login_unlocked")
    assert row.actor is None and row.object_id == str(personas.admin.pk) and "命令行" in row.summary
    assert _sign_in(client, "admin", ip=STRANGER).status_code == 302
    with pytest.raises(CommandError, match="No user"):
        call_command("unlock", "nobody-here")
