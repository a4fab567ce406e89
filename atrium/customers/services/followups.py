"""Writes on follow-up records, and the reminders sent by the worker: one per follow-up when its next time
comes, and once a day, at the company's reminder time (通知与提醒), each person's count of what is due today."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from atrium.core.access import get_visible, require
from atrium.core.actors import Actor, person
from atrium.core.errors import ValidationFailed
from atrium.core.events import emit
from atrium.core.writes import WriteSpec, pk_of, record_create, record_delete, record_update
from atrium.customers.models import Contact, Customer, FollowUp, FollowUpReminderDay, Lead, LeadStatus
from atrium.customers.selectors.agenda import end_of_today
from atrium.customers.validation import clean_followup_fields
from atrium.notifications.selectors import notification_settings

FOLLOWUP_FIELDS = (
    "customer",
    "contact",
    "lead",
    "type",
    "happened_at",
    "content",
    "outcome",
    "next_at",
    "next_action",
)
FOLLOWUP_WRITES = WriteSpec(kind="followup", audited=FOLLOWUP_FIELDS, indexed=False)
REMINDER_BATCH = 200
# Reminders more than this late (e.g. the worker was down for a long time, or imported history) are marked
# as handled without notifying anyone.
REMINDER_MAX_DELAY = datetime.timedelta(days=7)


def _subject(actor: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The customer, contact or lead (exactly one) the follow-up is about, visible to the actor."""
    given = [name for name in ("customer", "contact", "lead") if data.get(name) not in (None, "")]
    if len(given) != 1:
        raise ValidationFailed({"subject": [_("Choose one customer, contact or lead.")]})
    name = given[0]
    if name == "contact":
        contact = get_visible(
            actor, "contact", pk_of(data["contact"]), Contact.objects.select_related("customer")
        )
        return {"contact": contact, "customer": contact.customer}
    if name == "customer":
        return {"customer": get_visible(actor, "customer", pk_of(data["customer"]))}
    return {"lead": get_visible(actor, "lead", pk_of(data["lead"]))}


def _touch_subject(followup: FollowUp) -> None:
    """Keep last/next follow-up times of the customer, contact and lead up to date (no version bump: this is
    not an edit of the record)."""
    happened, next_at = followup.happened_at, followup.next_at
    for model, pk in ((Customer, followup.customer_id), (Lead, followup.lead_id)):
        if pk is None:
            continue
        model._default_manager.filter(
            Q(last_followup_at__isnull=True) | Q(last_followup_at__lt=happened), pk=pk
        ).update(last_followup_at=happened)
        if next_at is not None:
            model._default_manager.filter(pk=pk).update(next_followup_at=next_at)
    if followup.contact_id:
        Contact.objects.filter(
            Q(last_followup_at__isnull=True) | Q(last_followup_at__lt=happened), pk=followup.contact_id
        ).update(last_followup_at=happened)
    if followup.lead_id:
        Lead.objects.filter(pk=followup.lead_id, status=LeadStatus.NEW).update(status=LeadStatus.FOLLOWING)


def followup_create(*, actor: Actor, data: dict[str, Any]) -> FollowUp:
    """Log a follow-up on one customer, contact or lead the actor can see; ``next_at`` schedules a reminder."""
    require(actor, "followup", "create")
    subject = _subject(actor, data)
    cleaned = clean_followup_fields(data)
    followup = FollowUp(**subject, **cleaned, owner=person(actor))
    return record_create(
        actor=actor,
        spec=FOLLOWUP_WRITES,
        record=followup,
        after_save=_touch_subject,
        custom=data.get("custom"),
    )


def followup_update(
    *, actor: Actor, followup: FollowUp | int, data: dict[str, Any], version: Any
) -> FollowUp:
    """Edit a follow-up's content and times (not its subject); a new next time re-arms the reminder."""
    with record_update(actor=actor, spec=FOLLOWUP_WRITES, record=followup, version=version) as change:
        record = change.record
        cleaned = clean_followup_fields(data, partial=True, current=record)
        old_next_at = record.next_at
        change.set(cleaned)
        change.set_custom(data.get("custom"))
        if record.next_at != old_next_at:
            record.reminder_sent_at = None
        _touch_subject(record)
    return record


def followup_delete(*, actor: Actor, followup: FollowUp | int) -> None:
    record_delete(actor=actor, spec=FOLLOWUP_WRITES, record=followup)


def _reminder_recipient(followup: FollowUp) -> int:
    if followup.customer_id and followup.customer and followup.customer.owner_id:
        return followup.customer.owner_id
    if followup.lead_id and followup.lead and followup.lead.owner_id:
        return followup.lead.owner_id
    return followup.owner_id


def _send_reminder(followup: FollowUp, now: datetime.datetime) -> bool:
    """Claim the reminder with a conditional update (two workers never both win); in the same transaction
    the durable ``followup.reminder_due`` is written to the outbox, so the reminder (customers/notices.py)
    is delivered once even if the worker dies right after."""
    with transaction.atomic():
        won = FollowUp.objects.filter(pk=followup.pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        )
        if not won:
            return False
        emit("followup.reminder_due", followup_id=followup.pk, recipient_id=_reminder_recipient(followup))
    return True


def followups_send_due_reminders(*, now: datetime.datetime | None = None) -> int:
    """Every minute: one reminder per follow-up whose next time has come, to the owner of its customer or
    lead (or its author when there is none). Idempotent; returns how many were sent."""
    now = now or timezone.now()
    FollowUp.objects.filter(reminder_sent_at__isnull=True, next_at__lt=now - REMINDER_MAX_DELAY).update(
        reminder_sent_at=now
    )
    sent = 0
    while True:
        due = list(
            FollowUp.objects.filter(reminder_sent_at__isnull=True, next_at__lte=now)
            .select_related("customer", "lead")
            .order_by("next_at", "id")[:REMINDER_BATCH]
        )
        if not due:
            return sent
        sent += sum(1 for followup in due if _send_reminder(followup, now))


def _due_by_owner(model: Any, until: datetime.datetime, **exclude: Any) -> dict[int, int]:
    rows = model._default_manager.filter(owner__isnull=False, next_followup_at__lte=until).exclude(**exclude)
    return dict(rows.values("owner_id").annotate(n=Count("id")).values_list("owner_id", "n"))


def followups_send_daily_reminders(*, now: datetime.datetime | None = None) -> int:
    """Every minute (worker): once the company's daily reminder time (``NotificationSettings.
    followup_reminder_time``, local time) has come, tell each person how many of their customers and leads are
    due by the end of the day (今日待跟进) — once per day: the day is claimed by a unique row in the same
    transaction as the durable ``followup.daily_due`` events. Returns how many people are reminded."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.time() < notification_settings().followup_reminder_time:
        return 0
    day = local.date()
    if FollowUpReminderDay.objects.filter(day=day).exists():
        return 0
    until = end_of_today(now)
    customers = _due_by_owner(Customer, until, is_archived=True)
    leads = _due_by_owner(Lead, until, status__in=[LeadStatus.CONVERTED, LeadStatus.INVALID])
    recipients = sorted(set(customers) | set(leads))
    with transaction.atomic():
        try:
            with transaction.atomic():
                FollowUpReminderDay.objects.create(day=day, sent_at=now, recipients=len(recipients))
        except IntegrityError:
            return 0  # another worker claimed the day
        for recipient_id in recipients:
            emit(
                "followup.daily_due",
                recipient_id=recipient_id,
                day=day.isoformat(),
                customers=customers.get(recipient_id, 0),
                leads=leads.get(recipient_id, 0),
            )
    return len(recipients)
