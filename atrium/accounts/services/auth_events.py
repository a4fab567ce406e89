"""Sign-in events in the operation log, and the session registry kept for "sign out everywhere"."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from atrium.accounts.services.sessions import session_ended, session_started
from atrium.core.audit import audit


@transaction.atomic
def login_succeeded(*, user: Any, session_key: str | None) -> None:
    session_started(user, session_key)
    audit(actor=user, action="login", record=user, summary=_("Signed in"))


@transaction.atomic
def logout_done(*, user: Any, session_key: str | None) -> None:
    session_ended(session_key)
    if user is not None and getattr(user, "pk", None):
        audit(actor=user, action="logout", record=user, summary=_("Signed out"))


@transaction.atomic
def login_failed(*, login: str) -> None:
    from atrium.accounts.models import User

    user = User.objects.filter(username__iexact=login).first() or (
        User.objects.filter(email__iexact=login).first() if "@" in login else None
    )
    audit(
        actor=None,
        action="login_failed",
        kind="user",
        object_id=user.pk if user else "",
        object_repr=login[:200],
        summary=_("Failed sign-in as %(login)s") % {"login": login[:100]},
    )
