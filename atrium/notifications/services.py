"""Every write of the notification centre: notify people, mark read, save preferences, send the e-mails.

``notify()`` writes the rows inside the caller's transaction; the realtime pushes and the e-mail job run only
after it commits (``atrium.core.events.after_commit``), so a rolled-back change notifies nobody. Notifying is a
consequence of a change that its own service already wrote to the operation log, so it writes none itself.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from atrium.core.access import require
from atrium.core.audit import audit
from atrium.core.errors import Forbidden, ValidationFailed
from atrium.core.events import after_commit
from atrium.core.realtime import push_to_user
from atrium.core.writes import check_version
from atrium.notifications.email_messages import notification_email, recipient_language
from atrium.notifications.kinds import SETTINGS_KIND
from atrium.notifications.models import Notification, NotificationPreference, NotificationSettings
from atrium.notifications.registry import all_notification_kinds, get_notification_kind
from atrium.notifications.selectors import (
    company_default,
    effective_preferences,
    inbox,
    notification_settings,
    own_notification,
    preferences_of,
    quiet_hours_end,
    unread_count_of,
)

TITLE_MAX = 200
LINK_MAX = 500


def _ids_of(recipients: Iterable[Any]) -> list[int]:
    ids = {int(getattr(r, "pk", r)) for r in recipients if r is not None}
    return sorted(ids)


@transaction.atomic
def notify(
    *,
    recipients: Iterable[Any],
    kind: str,
    title: str,
    body: str = "",
    link: str = "",
    actor: Any = None,
) -> list[Notification]:
    """Notify people (users or user ids) of something; returns the rows written.

    Each active recipient gets a row unless they turned this kind off both in the app and by e-mail (their own
    choice, else the company's default); the ``actor`` (who caused it) is not notified of their own action.
    After commit, in-app recipients get a ``notification.created`` push and those who want e-mail (and have an
    address) are e-mailed by the worker — during the company's quiet hours the e-mail is held until they end
    (``email_held_until``, sent by ``notification_held_emails_send``); the in-app notice is not held.
    """
    notification_kind = get_notification_kind(kind)
    actor_id = getattr(actor, "pk", None)
    wanted = [i for i in _ids_of(recipients) if i != actor_id]
    User = get_user_model()
    addresses = dict(User.objects.filter(pk__in=wanted, is_active=True).values_list("pk", "email"))
    rules = notification_settings()
    prefs = effective_preferences(list(addresses), notification_kind, settings=rules)
    rows = []
    for user_id, (in_app, email) in prefs.items():
        email = email and bool(addresses[user_id])
        if in_app or email:
            rows.append(
                Notification(
                    recipient_id=user_id,
                    kind=notification_kind.key,
                    title=str(title)[:TITLE_MAX],
                    body=str(body),
                    link=str(link)[:LINK_MAX],
                    in_app=in_app,
                )
            )
    created = Notification.objects.bulk_create(rows)
    shown = [n for n in created if n.in_app]
    if shown:
        after_commit(_push_created, [_payload(n) for n in shown])
    to_email = [n.pk for n in created if prefs[n.recipient_id][1] and addresses[n.recipient_id]]
    if to_email:
        held_until = quiet_hours_end(settings=rules)
        if held_until is None:
            after_commit(_queue_emails, to_email)
        else:
            Notification.objects.filter(pk__in=to_email).update(email_held_until=held_until)
            for notification in created:
                if notification.pk in to_email:
                    notification.email_held_until = held_until
    return created


def notify_in_language(
    recipient_id: int,
    kind: str,
    make_title: Callable[[], str],
    *,
    body: str = "",
    link: str = "",
    actor: Any = None,
) -> list[Notification]:
    """``notify`` one person with a title written in their language (``make_title`` runs under it): the
    stored text is what their inbox and e-mail show."""
    recipient = get_user_model().objects.filter(pk=recipient_id).first()
    if recipient is None:
        return []
    with translation.override(recipient_language(recipient)):
        title = make_title()
    return notify(recipients=[recipient_id], kind=kind, title=title, body=body, link=link, actor=actor)


def _payload(notification: Notification) -> dict[str, Any]:
    return {
        "recipient_id": notification.recipient_id,
        "id": notification.pk,
        "title": notification.title,
        "body": notification.body,
        "link": notification.link,
    }


def _push_created(payloads: list[dict[str, Any]]) -> None:
    for payload in payloads:
        data = {key: value for key, value in payload.items() if key != "recipient_id"}
        data["unread"] = unread_count_of(payload["recipient_id"])
        push_to_user(payload["recipient_id"], "notification.created", data)


def _push_read(user_id: int) -> None:
    push_to_user(user_id, "notification.read", {"unread": unread_count_of(user_id)})


def _queue_emails(notification_ids: list[int]) -> None:
    from atrium.notifications.tasks import send_notification_emails

    send_notification_emails(notification_ids)


@transaction.atomic
def notification_mark_read(*, actor: Any, notification_id: Any) -> Notification:
    """Mark one of the actor's own notifications read (someone else's is NotFound)."""
    notification = own_notification(actor, notification_id)
    if notification.read_at is None:
        now = timezone.now()
        if Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now):
            after_commit(_push_read, actor.pk)
        notification.read_at = now
    return notification


@transaction.atomic
def notifications_mark_all_read(*, actor: Any) -> int:
    """Mark every unread notification of the actor read; returns how many were unread."""
    updated = inbox(actor).filter(read_at__isnull=True).update(read_at=timezone.now())
    if updated:
        after_commit(_push_read, actor.pk)
    return updated


def _checked_choice(key: str, choice: Any, errors: dict[str, list[str]]) -> Mapping[str, bool] | None:
    """One kind's ``{"in_app": bool, "email": bool}`` (either may be left out), or None with its error noted —
    what a person's preferences and the company's defaults both take."""
    try:
        get_notification_kind(key)
    except LookupError:
        errors[key] = [_("Unknown kind of notification.")]
        return None
    if not isinstance(choice, Mapping) or not set(choice) <= {"in_app", "email"}:
        errors[key] = [_("Give in_app and/or email, each true or false.")]
        return None
    if not all(isinstance(value, bool) for value in choice.values()):
        errors[key] = [_("Enter true or false.")]
        return None
    return choice


def _checked_preferences(prefs: Mapping[str, Any]) -> dict[str, dict[str, bool]]:
    errors: dict[str, list[str]] = {}
    checked: dict[str, dict[str, bool]] = {}
    for key, choice in prefs.items():
        if (valid := _checked_choice(key, choice, errors)) is not None:
            checked[key] = dict(valid)
    if errors:
        raise ValidationFailed(errors)
    return checked


@transaction.atomic
def preferences_set(*, actor: Any, prefs: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Save the actor's choices: ``{"account": {"in_app": True, "email": False}, …}``; kinds left out, and
    choices left out of a kind, keep their current value. Returns every kind with its choice."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        raise Forbidden()
    checked = _checked_preferences(prefs)
    before = {row["kind"]: [row["in_app"], row["email"]] for row in preferences_of(actor)}
    for key, choice in checked.items():
        in_app, email = before[key]
        NotificationPreference.objects.update_or_create(
            user_id=actor.pk,
            kind=key,
            defaults={"in_app": choice.get("in_app", in_app), "email": choice.get("email", email)},
        )
    after = preferences_of(actor)
    changes = {
        row["kind"]: [before[row["kind"]], [row["in_app"], row["email"]]]
        for row in after
        if before[row["kind"]] != [row["in_app"], row["email"]]
    }
    if changes:
        audit(
            actor=actor,
            action="update",
            kind="notification_preference",
            object_id=actor.pk,
            object_repr=str(actor),
            changes=changes,
        )
    return after


def notification_emails_send(*, notification_ids: Iterable[int], now: datetime.datetime | None = None) -> int:
    """E-mail the given notifications to their recipients; returns how many were sent.

    Idempotent: each row is claimed (``emailed_at`` set where it was empty) before its message is sent, so a
    re-run or a second worker never sends it twice; a failed send releases the claim and raises, so that the
    worker retries it. A row held by the quiet hours is not sent before its time.
    """
    sent = 0
    now = now or timezone.now()
    rows = Notification.objects.filter(
        Q(email_held_until__isnull=True) | Q(email_held_until__lte=now),
        pk__in=list(notification_ids),
        emailed_at__isnull=True,
    )
    for notification in rows.select_related("recipient").order_by("pk"):
        recipient = notification.recipient
        if not recipient.is_active or not recipient.email:
            continue
        claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True)
        if not claimed.update(emailed_at=timezone.now()):
            continue
        try:
            notification_email(notification).send()
        except Exception:
            Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
            raise
        sent += 1
    return sent


HELD_BATCH = 200


def notification_held_emails_send(*, now: datetime.datetime | None = None) -> int:
    """Every minute (worker): the e-mails held by the quiet hours whose time has come; returns how many were
    sent. A held row whose recipient has since left or lost their address is let go (never sent)."""
    now = now or timezone.now()
    due = Notification.objects.filter(email_held_until__lte=now, emailed_at__isnull=True)
    due.filter(Q(recipient__is_active=False) | Q(recipient__email="")).update(email_held_until=None)
    sent, after = 0, 0
    while True:  # by id, so that a row skipped meanwhile (its recipient just left) is not read again
        ids = list(due.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:HELD_BATCH])
        if not ids:
            return sent
        sent += notification_emails_send(notification_ids=ids, now=now)
        after = ids[-1]


# The company's notification settings (通知与提醒) -----------------------------------------------------------


_TIME = re.compile(r"^(\d{1,2})[:：](\d{2})(?::00)?$")


def _time(value: Any, field: str, errors: dict[str, list[str]], *, required: bool) -> datetime.time | None:
    """A time of day typed as 22:00 (or 9:30); seconds are not kept."""
    if isinstance(value, datetime.time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    text = str(value or "").strip()
    if not text:
        if required:
            errors[field] = [_("Enter a time such as 22:00.")]
        return None
    match = _TIME.match(text)
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        errors[field] = [_("Enter a time such as 22:00.")]
        return None
    return datetime.time(int(match[1]), int(match[2]))


def _hhmm(value: Any) -> Any:
    return value.strftime("%H:%M") if isinstance(value, datetime.time) else value


def _checked_defaults(defaults: Mapping[str, Any], errors: dict[str, list[str]]) -> dict[str, list[bool]]:
    """{kind: [in_app, email]} for every registered kind (those left out keep the current default)."""
    checked: dict[str, list[bool]] = {}
    for key, choice in defaults.items():
        if (valid := _checked_choice(key, choice, errors)) is not None:
            checked[key] = [bool(valid.get("in_app")), bool(valid.get("email"))]
    return checked


@transaction.atomic
def notification_settings_update(
    *,
    actor: Any,
    version: Any,
    quiet_hours_enabled: Any,
    quiet_start: Any,
    quiet_end: Any,
    followup_reminder_time: Any,
    defaults: Mapping[str, Any] | None = None,
) -> NotificationSettings:
    """Save the company's notification rules (notification_settings edit right): the default per kind (what
    people get until they choose their own), the quiet hours and the daily follow-up reminder time.
    Versioned, audited with old and new values, all or nothing."""
    require(actor, SETTINGS_KIND, "edit")
    errors: dict[str, list[str]] = {}
    enabled = quiet_hours_enabled is True or str(quiet_hours_enabled).lower() in ("1", "true", "on", "yes")
    start = _time(quiet_start, "quiet_start", errors, required=enabled)
    end = _time(quiet_end, "quiet_end", errors, required=enabled)
    if enabled and start is not None and end is not None and start == end:
        errors["quiet_end"] = [_("The quiet hours must end at another time than they start.")]
    reminder = _time(followup_reminder_time, "followup_reminder_time", errors, required=True)
    chosen = _checked_defaults(defaults or {}, errors)
    if errors:
        raise ValidationFailed(errors)
    NotificationSettings.current()
    rules = NotificationSettings.objects.select_for_update().get(pk=1)
    check_version(rules, version)
    changes: dict[str, list[Any]] = {}
    new_values = {
        "quiet_hours_enabled": enabled,
        "quiet_start": start if enabled else rules.quiet_start if start is None else start,
        "quiet_end": end if enabled else rules.quiet_end if end is None else end,
        "followup_reminder_time": reminder,
    }
    for name, value in new_values.items():
        old = getattr(rules, name)
        if old != value:
            changes[name] = [_hhmm(old), _hhmm(value)]
            setattr(rules, name, value)
    stored = dict(rules.kind_defaults or {})
    for kind in all_notification_kinds():
        if kind.key not in chosen:
            continue
        before = list(company_default(kind, rules))
        after = chosen[kind.key]
        if before != after:
            changes[kind.key] = [before, after]
        if after == [kind.default_in_app, kind.default_email]:
            stored.pop(kind.key, None)  # the kind's own default: nothing to keep
        else:
            stored[kind.key] = after
    if not changes:
        return rules
    rules.kind_defaults = stored
    rules.version += 1
    rules.save()
    audit(actor=actor, action="update", record=rules, kind=SETTINGS_KIND, changes=changes)
    return rules
