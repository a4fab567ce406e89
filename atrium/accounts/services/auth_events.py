"""Sign-in events in the operation log, and the session registry kept for "sign out everywhere"."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from atrium.accounts.models import User
from atrium.accounts.services.sessions import session_ended, session_started
from atrium.core.audit import audit


def account_for_login(login: str) -> int | None:
    """The id of the user a sign-in name stands for (username, or e-mail address when it has an @)."""
    login = (login or "").strip()
    if not login:
        return None
    found = User.objects.filter(username__iexact=login).values_list("pk", flat=True).first()
    if found is None and "@" in login:
        found = User.objects.filter(email__iexact=login).values_list("pk", flat=True).first()
    return found


@transaction.atomic
def login_succeeded(*, user: Any, session_key: str | None) -> None:
    session_started(user, session_key)
    audit(actor=user, action="login", record=user, summary=_("Signed in"))


@transaction.atomic
def logout_done(*, user: Any, session_key: str | None) -> None:
    session_ended(session_key)
    if user is not None and getattr(user, "pk", None):
        audit(actor=user, action="logout", record=user, summary=_("Signed out"))


def _failed(login: str, summary: str) -> None:
    audit(
        actor=None,
        action="login_failed",
        kind="user",
        object_id=account_for_login(login) or "",
        object_repr=login[:200],
        summary=summary,
    )


@transaction.atomic
def login_failed(*, login: str) -> None:
    """A wrong password (or an unknown or inactive account)."""
    _failed(login, _("Failed sign-in as %(login)s") % {"login": login[:100]})


@transaction.atomic
def sso_email_trusted(*, user: Any, email: str) -> None:
    """Single sign-on matched ``user`` by ``email``. When it is the address an administrator entered for the
    person, keep it as a verified address (allauth's record), so that it is trusted from now on."""
    from allauth.account.models import EmailAddress

    if not email or (user.email or "").lower() != email.lower():
        return
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is None:
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    elif not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])
