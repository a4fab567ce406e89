"""Reads of a person's own notifications and preferences (nobody reads another person's).

Notifications belong to one recipient and are never shared, so the access rule is the recipient itself: a
notification of someone else is NotFound, exactly like a missing one.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from atrium.core.errors import NotFound
from atrium.core.pagination import Page, keyset_page
from atrium.notifications.models import Notification, NotificationPreference, NotificationSettings
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


def notification_settings() -> NotificationSettings:
    """The company's notification rules (the row is made with its defaults on first use)."""
    return NotificationSettings.current()


def company_default(
    kind: NotificationKind, settings: NotificationSettings | None = None
) -> tuple[bool, bool]:
    """(in_app, email) a person gets for ``kind`` until they choose: the company's default, else the kind's."""
    rules = settings if settings is not None else notification_settings()
    chosen = (rules.kind_defaults or {}).get(kind.key)
    if isinstance(chosen, list | tuple) and len(chosen) == 2:
        return bool(chosen[0]), bool(chosen[1])
    return kind.default_in_app, kind.default_email


def company_defaults() -> list[dict[str, Any]]:
    """One row per registered kind with the company's default and whether it differs from the kind's own."""
    rules = notification_settings()
    rows = []
    for kind in all_notification_kinds():
        in_app, email = company_default(kind, rules)
        rows.append({"kind": kind.key, "label": str(kind.label), "in_app": in_app, "email": email})
    return rows


def effective_preferences(
    user_ids: list[int], kind: NotificationKind, *, settings: NotificationSettings | None = None
) -> dict[int, tuple[bool, bool]]:
    """(in_app, email) per user for one kind: their saved choice, else the company's default (else the kind's).
    One query, and one for the company's settings unless given."""
    rows = NotificationPreference.objects.filter(user_id__in=user_ids, kind=kind.key)
    saved = {
        user_id: (in_app, email) for user_id, in_app, email in rows.values_list("user_id", "in_app", "email")
    }
    default = company_default(kind, settings)
    return {user_id: saved.get(user_id, default) for user_id in user_ids}


def quiet_hours_end(
    now: datetime.datetime | None = None, settings: NotificationSettings | None = None
) -> datetime.datetime | None:
    """When the quiet hours that ``now`` falls in end (an aware time), or None outside them (or when they are
    off). Times are the company's local time (``TIME_ZONE``); a period may span midnight (22:00–08:00)."""
    rules = settings if settings is not None else notification_settings()
    start, end = rules.quiet_start, rules.quiet_end
    if not rules.quiet_hours_enabled or start is None or end is None or start == end:
        return None
    local = timezone.localtime(now or timezone.now())
    time_now = local.time().replace(tzinfo=None)
    zone = local.tzinfo
    if start < end:
        inside = start <= time_now < end
        end_day = local.date()
    else:
        inside = time_now >= start or time_now < end
        end_day = local.date() if time_now < end else local.date() + datetime.timedelta(days=1)
    if not inside:
        return None
    return datetime.datetime.combine(end_day, end, tzinfo=zone)


def preferences_of(user: Any) -> list[dict[str, Any]]:
    """One row per registered kind with the user's choice (or the company's default)."""
    saved = {p.kind: p for p in NotificationPreference.objects.filter(user_id=user.pk)}
    rules = notification_settings()
    rows = []
    for kind in all_notification_kinds():
        pref = saved.get(kind.key)
        in_app, email = (pref.in_app, pref.email) if pref else company_default(kind, rules)
        rows.append(
            {
                "kind": kind.key,
                "label": str(kind.label),
                "in_app": in_app,
                "email": email,
            }
        )
    return rows
