"""Writes of the sign-in limits (rules in ``accounts.selectors.sign_in_limits``): failures recorded, locks
and refusals in the operation log, sources remembered after a successful sign-in, and the unlock that needs
no e-mail (an administrator on the user's page, or the server's operator with ``atrium unlock USERNAME``)."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from atrium.accounts.models import KnownSignInSource, SignInFailure, User
from atrium.accounts.selectors.sign_in_limits import (
    SignInSource,
    SignInVerdict,
    describe_wait,
    sign_in_source,
    stranger_lock_ends,
)
from atrium.core.access import get_for_action
from atrium.core.audit import audit


def _log_attempt(action: str, user_id: int | None, login: str, summary: str) -> None:
    audit(
        actor=None,
        action=action,
        kind="user",
        object_id=user_id or "",
        object_repr=login[:200],
        summary=summary,
    )


@transaction.atomic
def sign_in_failure_record(
    *,
    user_id: int | None,
    login: str,
    source: SignInSource,
    trusted: bool,
    now: datetime.datetime | None = None,
) -> None:
    """A wrong password from ``source``; when it starts a lock for a stranger, the lock is logged."""
    now = now or timezone.now()
    SignInFailure.objects.filter(
        at__lt=now - datetime.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    ).delete()
    SignInFailure.objects.create(
        user_id=user_id,
        login="" if user_id else login.lower()[:150],
        address=source.address,
        device=source.device,
        trusted=trusted,
        at=now,
    )
    if trusted:
        return
    ends = stranger_lock_ends(user_id, login.lower(), source, now)
    if ends:
        wait = describe_wait(int((max(ends) - now).total_seconds()))
        summary = _("Sign-in as %(login)s from this address locked for %(wait)s after too many failures") % {
            "login": login[:100],
            "wait": wait,
        }
        _log_attempt("login_locked", user_id, login, summary)


@transaction.atomic
def sign_in_refused(*, user_id: int | None, login: str, verdict: SignInVerdict) -> None:
    """An attempt refused without checking the password (locked stranger, or a trusted source's wait)."""
    values = {"login": login[:100], "wait": describe_wait(verdict.wait)}
    if verdict.reason == "slowed":
        summary = _("Sign-in as %(login)s refused: too many failures, wait %(wait)s") % values
    else:
        summary = _("Sign-in as %(login)s refused: locked after too many failures for %(wait)s more") % values
    _log_attempt("login_failed", user_id, login, summary)


def new_device_token() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def sign_in_source_remember(*, user: Any, source: SignInSource, now: datetime.datetime | None = None) -> None:
    """After a successful sign-in: the address and device are trusted for the account from now on, and their
    own failures on it are forgotten (strangers' failures stay)."""
    now = now or timezone.now()
    for digest in source.digests:
        KnownSignInSource.objects.update_or_create(
            user=user, digest=digest, defaults={"last_success_at": now}
        )
    mine = Q(address=source.address) | Q(device=source.device) if source.device else Q(address=source.address)
    SignInFailure.objects.filter(mine, user=user).delete()


def _unlock(user: User, actor: Any, summary: str) -> int:
    cleared, _rows = SignInFailure.objects.filter(user=user).delete()
    audit(actor=actor, action="login_unlocked", record=user, summary=summary % {"count": cleared})
    return cleared


@transaction.atomic
def sign_in_unlock(*, actor: Any, user_id: Any) -> int:
    """An administrator (edit right on the user) clears the account's failed sign-ins: every lock on it ends."""
    user = get_for_action(actor, "user", user_id, "edit")
    return _unlock(user, actor, _("Sign-in unlocked by an administrator (%(count)s failed attempts cleared)"))


@transaction.atomic
def sign_in_unlock_from_command_line(*, username: str) -> tuple[User, int]:
    """The server's operator (``atrium unlock USERNAME``): same as above, for when no administrator can sign in."""
    user = User.objects.get(username__iexact=username.strip())
    summary = _("Sign-in unlocked from the command line (%(count)s failed attempts cleared)")
    return user, _unlock(user, None, summary)


__all__ = [
    "new_device_token",
    "sign_in_failure_record",
    "sign_in_refused",
    "sign_in_source",
    "sign_in_source_remember",
    "sign_in_unlock",
    "sign_in_unlock_from_command_line",
]
