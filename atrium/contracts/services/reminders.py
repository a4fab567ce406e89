"""Reminders of instalments (worker job, daily): the contract's owner hears of an instalment 3 days before it is
due and again 1 day after it fell due if it is not fully received.

Idempotent: each instalment and rule is claimed once by an ``InstalmentReminder`` row in the same transaction as
its durable ``instalment.reminder_due`` event, so the job may run any number of times (or late: a missed day is
caught up, an instalment due in fewer than 3 days still gets its "before" reminder).
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from atrium.contracts.models import COLLECTING, Instalment, InstalmentReminder, ReminderRule
from atrium.core.events import emit

BEFORE_DAYS = 3
AFTER_DAYS = 1
CLAIM_BATCH = 500


def _unreminded(rule: str):
    return (
        Instalment.objects.filter(contract__status__in=COLLECTING, received__lt=F("amount"))
        .exclude(reminders__rule=rule)
        .order_by("due_on", "id")
    )


def _claim(rule: str, ids: list[int]) -> int:
    """Claim each reminder by its unique row (one another worker claimed meanwhile is skipped) and emit its
    event in the same transaction."""
    sent = 0
    with transaction.atomic():
        for pk in ids:
            try:
                with transaction.atomic():
                    InstalmentReminder.objects.create(instalment_id=pk, rule=rule)
            except IntegrityError:
                continue
            emit("instalment.reminder_due", instalment_id=pk, rule=rule)
            sent += 1
    return sent


def instalments_send_reminders(*, today: datetime.date | None = None) -> int:
    """Claim and announce the reminders due today; returns how many were sent."""
    today = today or timezone.localdate()
    sent = 0
    rules = (
        (
            ReminderRule.BEFORE,
            {"due_on__lte": today + datetime.timedelta(days=BEFORE_DAYS), "due_on__gte": today},
        ),
        (ReminderRule.AFTER, {"due_on__lte": today - datetime.timedelta(days=AFTER_DAYS)}),
    )
    for rule, window in rules:
        while True:
            ids = list(_unreminded(rule).filter(**window).values_list("pk", flat=True)[:CLAIM_BATCH])
            if not ids:
                break
            sent += _claim(rule, ids)
            if len(ids) < CLAIM_BATCH:
                break
    return sent
