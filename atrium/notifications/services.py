"""Every write of the notification centre: notify people, mark read, save preferences, send the e-mails.

``notify()`` writes the rows inside the caller's transaction; the realtime pushes and the e-mail job run only
after it commits (``atrium.core.events.after_commit``), so a rolled-back change notifies nobody. Notifying is a
consequence of a change that its own service already wrote to the operation log, so it writes none itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atrium.core.audit import audit
from atrium.core.errors import Forbidden, ValidationFailed
from atrium.core.events import after_commit
from atrium.core.realtime import push_to_user
from atrium.notifications.email_messages import notification_email
from atrium.notifications.models import Notification, NotificationPreference
from atrium.notifications.registry import get_notification_kind
from atrium.notifications.selectors import (
    effective_preferences,
    inbox,
    own_notification,
    preferences_of,
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

    Each active recipient gets a row unless they turned this kind off both in the app and by e-mail; the
    ``actor`` (who caused it) is not notified of their own action. After commit, in-app recipients get a
    ``notification.created`` push and those who want e-mail (and have an address) are e-mailed by the worker.
    """
    notification_kind = get_notification_kind(kind)
    actor_id = getattr(actor, "pk", None)
    wanted = [i for i in _ids_of(recipients) if i != actor_id]
    User = get_user_model()
    addresses = dict(User.objects.filter(pk__in=wanted, is_active=True).values_list("pk", "email"))
    prefs = effective_preferences(list(addresses), notification_kind)
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
        after_commit(_queue_emails, to_email)
    return created


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


def _checked_preferences(prefs: Mapping[str, Any]) -> dict[str, dict[str, bool]]:
    errors: dict[str, list[str]] = {}
    checked: dict[str, dict[str, bool]] = {}
    for key, choice in prefs.items():
        try:
            get_notification_kind(key)
        except LookupError:
            errors[key] = [_("Unknown kind of notification.")]
            continue
        if not isinstance(choice, Mapping) or not set(choice) <= {"in_app", "email"}:
            errors[key] = [_("Give in_app and/or email, each true or false.")]
            continue
        if not all(isinstance(value, bool) for value in choice.values()):
            errors[key] = [_("Enter true or false.")]
            continue
        checked[key] = dict(choice)
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


def notification_emails_send(*, notification_ids: Iterable[int]) -> int:
    """E-mail the given notifications to their recipients; returns how many were sent.

    Idempotent: each row is claimed (``emailed_at`` set where it was empty) before its message is sent, so a
    re-run or a second worker never sends it twice; a failed send releases the claim and raises, so that the
    worker retries it.
    """
    sent = 0
    rows = Notification.objects.filter(pk__in=list(notification_ids), emailed_at__isnull=True)
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
