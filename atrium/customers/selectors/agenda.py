"""A person's agenda: their own customers and leads whose next follow-up is due (overdue first)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from atrium.core.access import can, visible
from atrium.customers.models import Customer, Lead, LeadStatus


@dataclass(frozen=True)
class DueFollowUp:
    kind: str  # "customer" or "lead"
    record_id: int
    name: str
    due_at: datetime.datetime
    overdue: bool


def end_of_today(now: datetime.datetime | None = None) -> datetime.datetime:
    local = timezone.localtime(now or timezone.now())
    return local.replace(hour=23, minute=59, second=59, microsecond=999999)


def followups_due(user: Any, *, limit: int = 10, now: datetime.datetime | None = None) -> list[DueFollowUp]:
    """The person's own records due by the end of today, earliest first (at most ``limit``)."""
    now = now or timezone.now()
    until = end_of_today(now)
    due: list[DueFollowUp] = []
    if can(user, "customer", "view"):
        customers = visible(user, "customer", Customer.objects.filter(owner=user, is_archived=False))
        rows = customers.filter(next_followup_at__lte=until).order_by("next_followup_at", "id")
        due += _items("customer", rows, limit, now)
    if can(user, "lead", "view"):
        leads = visible(user, "lead", Lead.objects.filter(owner=user)).exclude(
            status__in=[LeadStatus.CONVERTED, LeadStatus.INVALID]
        )
        rows = leads.filter(next_followup_at__lte=until).order_by("next_followup_at", "id")
        due += _items("lead", rows, limit, now)
    return sorted(due, key=lambda item: (item.due_at, item.kind, item.record_id))[:limit]


def _items(kind: str, rows: QuerySet, limit: int, now: datetime.datetime) -> list[DueFollowUp]:
    return [
        DueFollowUp(kind=kind, record_id=pk, name=name, due_at=due_at, overdue=due_at < now)
        for pk, name, due_at in rows.values_list("id", "name", "next_followup_at")[:limit]
    ]
