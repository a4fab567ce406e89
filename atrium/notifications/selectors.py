"""Reads of a person's own notifications and preferences (nobody reads another person's).

Notifications belong to one recipient and are never shared, so the access rule is the recipient itself: a
notification of someone else is NotFound, exactly like a missing one.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from atrium.core.errors import NotFound
from atrium.core.pagination import Page, keyset_page
from atrium.notifications.models import Notification, NotificationPreference
from atrium.notifications.registry import NotificationKind, all_notification_kinds

UNREAD_CAP = 99
INBOX_ORDER = ["-id"]


def inbox(user: Any) -> QuerySet[Notification]:
    """The notifications shown in the user's inbox (not the e-mail-only deliveries)."""
    if user is None or not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=user.pk, in_app=True)


def inbox_page(user: Any, *, cursor: str | None = None, limit: int = 30, unread_only: bool = False) -> Page:
    """One page of the inbox, newest first; keyset-paginated so that it stays fast for any inbox size."""
    qs = inbox(user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return keyset_page(qs, INBOX_ORDER, cursor, limit)


def own_notification(user: Any, notification_id: Any) -> Notification:
    try:
        return inbox(user).get(pk=int(notification_id))
    except (Notification.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def unread_count(user: Any) -> int:
    """Counted up to UNREAD_CAP + 1 so that the badge can show "99+" without counting everything."""
    if user is None or not user.is_authenticated:
        return 0
    return unread_count_of(user.pk)


def unread_count_of(user_id: int) -> int:
    unread = Notification.objects.filter(recipient_id=user_id, in_app=True, read_at__isnull=True)
    return len(unread.values("id")[: UNREAD_CAP + 1])


def effective_preferences(user_ids: list[int], kind: NotificationKind) -> dict[int, tuple[bool, bool]]:
    """(in_app, email) per user for one kind: their saved choice, else the kind's defaults. One query."""
    rows = NotificationPreference.objects.filter(user_id__in=user_ids, kind=kind.key)
    saved = {
        user_id: (in_app, email) for user_id, in_app, email in rows.values_list("user_id", "in_app", "email")
    }
    default = (kind.default_in_app, kind.default_email)
    return {user_id: saved.get(user_id, default) for user_id in user_ids}


def preferences_of(user: Any) -> list[dict[str, Any]]:
    """One row per registered kind with the user's choice (or the kind's defaults)."""
    saved = {p.kind: p for p in NotificationPreference.objects.filter(user_id=user.pk)}
    rows = []
    for kind in all_notification_kinds():
        pref = saved.get(kind.key)
        rows.append(
            {
                "kind": kind.key,
                "label": str(kind.label),
                "in_app": pref.in_app if pref else kind.default_in_app,
                "email": pref.email if pref else kind.default_email,
            }
        )
    return rows
