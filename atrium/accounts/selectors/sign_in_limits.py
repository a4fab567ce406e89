"""Whether a sign-in attempt may be checked at all, from the failures recorded in ``SignInFailure``.

Where an attempt comes from is its *source*: the client address and the ``atrium_device`` cookie, both kept
only as keyed hashes. A source that has signed in to the account before (``KnownSignInSource``) is *trusted*.

- A stranger (untrusted source) is locked out of one account after ``LOGIN_LOCKOUT_ATTEMPTS`` failures on it
  within ``LOGIN_LOCKOUT_SECONDS``; an address with ``LOGIN_LOCKOUT_ADDRESS_ATTEMPTS`` failures over all accounts
  is locked out of every account it is not trusted for; an account with ``LOGIN_LOCKOUT_ACCOUNT_ATTEMPTS``
  failures from strangers (many addresses) accepts only trusted sources for a while.
- A trusted source is never locked: after ``LOGIN_LOCKOUT_ATTEMPTS`` failures of its own it waits
  ``LOGIN_LOCKOUT_TRUSTED_DELAY_SECONDS`` before the next attempt, twice as long after each further failure (at
  most ``LOGIN_LOCKOUT_SECONDS``). Strangers' failures never slow it down, so the owner still gets in.

Refused attempts are not failures (the password is not checked), so a lock ends on time however often a
stranger knocks. Timestamps are stored, not slept on: tests move them.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import ngettext

from atrium.accounts.models import KnownSignInSource, SignInFailure

DEVICE_COOKIE = "atrium_device"
_DEVICE_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


@dataclass(frozen=True)
class SignInSource:
    """Where an attempt comes from: hashed address, hashed device (empty without a cookie), and the cookie."""

    address: str
    device: str = ""
    device_token: str = ""

    @property
    def digests(self) -> list[str]:
        return [d for d in (self.address, self.device) if d]


@dataclass(frozen=True)
class SignInVerdict:
    """``allowed`` or not; ``reason`` is "locked" (a stranger) or "slowed" (a trusted source); ``wait`` in seconds."""

    allowed: bool
    trusted: bool
    reason: str = ""
    wait: int = 0


def _digest(purpose: str, value: str) -> str:
    return salted_hmac(f"atrium.sign-in.{purpose}", value, algorithm="sha256").hexdigest()


def sign_in_source(*, ip: str | None, device_token: str | None) -> SignInSource:
    token = device_token if device_token and _DEVICE_TOKEN.match(device_token) else ""
    return SignInSource(
        address=_digest("address", ip or "unknown"),
        device=_digest("device", token) if token else "",
        device_token=token,
    )


def _failures(user_id: int | None, login: str) -> QuerySet[SignInFailure]:
    return (
        SignInFailure.objects.filter(user_id=user_id)
        if user_id
        else SignInFailure.objects.filter(login=login)
    )


def is_trusted(user_id: int | None, source: SignInSource, now: datetime.datetime) -> bool:
    if not user_id:
        return False
    since = now - datetime.timedelta(days=settings.LOGIN_TRUSTED_DAYS)
    return KnownSignInSource.objects.filter(
        user_id=user_id, digest__in=source.digests, last_success_at__gte=since
    ).exists()


def _lock_end(
    failures: QuerySet[SignInFailure], limit: int, now: datetime.datetime
) -> datetime.datetime | None:
    """When the count of ``failures`` in the window falls below ``limit`` again (None: it is below already)."""
    window = datetime.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    times = list(failures.filter(at__gte=now - window).order_by("-at").values_list("at", flat=True)[:limit])
    if len(times) < limit:
        return None
    return times[limit - 1] + window


def _trusted_wait_end(failures: QuerySet[SignInFailure], now: datetime.datetime) -> datetime.datetime | None:
    window = datetime.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    times = list(failures.filter(at__gte=now - window).order_by("-at").values_list("at", flat=True))
    beyond = len(times) - settings.LOGIN_LOCKOUT_ATTEMPTS
    if beyond < 0:
        return None
    delay = min(settings.LOGIN_LOCKOUT_TRUSTED_DELAY_SECONDS * 2**beyond, settings.LOGIN_LOCKOUT_SECONDS)
    return times[0] + datetime.timedelta(seconds=delay)


def _source_q(source: SignInSource) -> Q:
    q = Q(address=source.address)
    if source.device:
        q |= Q(device=source.device)
    return q


def stranger_lock_ends(user_id: int | None, login: str, source: SignInSource, now: datetime.datetime) -> list:
    """The ends of each lock that holds a stranger (this source, untrusted) out of the account."""
    strangers = SignInFailure.objects.filter(trusted=False)
    ends = [
        _lock_end(
            _failures(user_id, login).filter(trusted=False, address=source.address),
            settings.LOGIN_LOCKOUT_ATTEMPTS,
            now,
        ),
        _lock_end(strangers.filter(address=source.address), settings.LOGIN_LOCKOUT_ADDRESS_ATTEMPTS, now),
    ]
    if user_id:
        ends.append(
            _lock_end(strangers.filter(user_id=user_id), settings.LOGIN_LOCKOUT_ACCOUNT_ATTEMPTS, now)
        )
    return [end for end in ends if end is not None and end > now]


def sign_in_verdict(
    *, user_id: int | None, login: str, source: SignInSource, now: datetime.datetime | None = None
) -> SignInVerdict:
    """May this attempt's password be checked? ``user_id`` is the account the login names (None: unknown)."""
    now = now or timezone.now()
    if is_trusted(user_id, source, now):
        own = _failures(user_id, login).filter(_source_q(source), trusted=True)
        end = _trusted_wait_end(own, now)
        if end is not None and end > now:
            return SignInVerdict(False, True, "slowed", _seconds_until(end, now))
        return SignInVerdict(True, True)
    ends = stranger_lock_ends(user_id, login, source, now)
    if ends:
        return SignInVerdict(False, False, "locked", _seconds_until(max(ends), now))
    return SignInVerdict(True, False)


def _seconds_until(end: datetime.datetime, now: datetime.datetime) -> int:
    return max(int((end - now).total_seconds() + 0.999), 1)


def recent_sign_in_failures(user_id: int, now: datetime.datetime | None = None) -> int:
    """Failed sign-ins on the account within the window (the user page offers 解锁 when there are any)."""
    window = datetime.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    return SignInFailure.objects.filter(user_id=user_id, at__gte=(now or timezone.now()) - window).count()


def describe_wait(seconds: int) -> str:
    """ "40 秒" / "15 分钟": how long to wait, in the reader's language (whole minutes from one minute on)."""
    if seconds < 60:
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    minutes = (seconds + 59) // 60
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
