"""Reads of a person's own notifications (nobody reads another person's)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from atrium.notifications.models import Notification

UNREAD_CAP = 99


def inbox(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def unread_count(user: Any) -> int:
    """Counted up to UNREAD_CAP + 1 so that the badge can show "99+" without counting everything."""
    ids = inbox(user).filter(read_at__isnull=True).values("id")[: UNREAD_CAP + 1]
    return len(ids)
