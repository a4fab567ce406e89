"""Keeping track of a user's signed-in sessions so that they can all be ended at once."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.models import Session

from atrium.accounts.models import UserSession
from atrium.core.events import after_commit
from atrium.core.realtime import close_user_sockets
from atrium.core.request_context import current_request_context


def session_started(user: Any, session_key: str | None) -> None:
    if not session_key:
        return
    context = current_request_context()
    UserSession.objects.update_or_create(
        session_key=session_key,
        defaults={"user": user, "ip": context.ip, "user_agent": context.user_agent},
    )


def session_ended(session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def sessions_end_all(user: Any) -> int:
    """Delete every session of the user (they are signed out on their next request) and, after commit,
    close their open websockets."""
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()
    after_commit(close_user_sockets, user.pk)
    return len(keys)
