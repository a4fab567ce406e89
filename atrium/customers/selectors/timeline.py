"""A customer's activity timeline: its follow-ups and the operation-log rows of it and its contacts (changes,
owner changes, claims, transfers, merges, conversions), newest first, in keyset pages.

The two sources are read in the same order (time, source, id) after the cursor, ``limit`` + 1 rows each, and
merged; the cursor is the last entry's (time, source, id).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.dateparse import parse_datetime

from atrium.core.errors import ValidationFailed
from atrium.core.models import OperationLog
from atrium.core.pagination import decode_cursor, encode_cursor
from atrium.customers.models import Customer, FollowUp
from atrium.customers.selectors.records import customer_get

FOLLOWUP, LOG = 1, 0  # at the same moment a follow-up sorts before the log row written with it


@dataclass
class TimelineEntry:
    at: datetime.datetime
    source: str  # "followup" or "log"
    followup: FollowUp | None = None
    log: OperationLog | None = None

    @property
    def key(self) -> tuple[datetime.datetime, int, int]:
        record = self.followup if self.followup is not None else self.log
        assert record is not None
        return (self.at, FOLLOWUP if self.followup is not None else LOG, record.pk)


@dataclass
class TimelinePage:
    items: list[TimelineEntry]
    next_cursor: str | None


def _before_q(field: str, rank: int, cursor: tuple[datetime.datetime, int, int] | None) -> Q:
    if cursor is None:
        return Q()
    at, cursor_rank, last_id = cursor
    if rank < cursor_rank:
        return Q(**{f"{field}__lte": at})
    if rank > cursor_rank:
        return Q(**{f"{field}__lt": at})
    return Q(**{f"{field}__lt": at}) | Q(**{field: at, "id__lt": last_id})


def _logs_of(customer: Customer) -> QuerySet[OperationLog]:
    contact_ids = [str(pk) for pk in customer.contacts.values_list("pk", flat=True)[:500]]
    match = Q(kind="customer", object_id=str(customer.pk))
    if contact_ids:
        match |= Q(kind="contact", object_id__in=contact_ids)
    return OperationLog.objects.filter(match)


def _parse_cursor(cursor: str | None) -> tuple[datetime.datetime, int, int] | None:
    if not cursor:
        return None
    at_text, rank, last_id = decode_cursor(cursor, 3)
    at = parse_datetime(str(at_text)) if isinstance(at_text, str) else None
    if at is None or rank not in (FOLLOWUP, LOG) or not isinstance(last_id, int):
        raise ValidationFailed({"cursor": ["This cursor is not valid for this list."]})
    return at, rank, last_id


def customer_timeline(
    user: Any, customer: Customer | int, cursor: str | None = None, limit: int = 20
) -> TimelinePage:
    """Newest first; NotFound when the user cannot see the customer."""
    record = customer_get(user, customer.pk if isinstance(customer, Customer) else customer)
    after = _parse_cursor(cursor)
    followups = (
        FollowUp.objects.filter(customer=record)
        .filter(_before_q("happened_at", FOLLOWUP, after))
        .select_related("owner", "contact")
        .order_by("-happened_at", "-id")[: limit + 1]
    )
    logs = (
        _logs_of(record)
        .filter(_before_q("created_at", LOG, after))
        .order_by("-created_at", "-id")[: limit + 1]
    )
    entries = [TimelineEntry(at=f.happened_at, source="followup", followup=f) for f in followups]
    entries += [TimelineEntry(at=row.created_at, source="log", log=row) for row in logs]
    entries.sort(key=lambda e: e.key, reverse=True)
    page = entries[:limit]
    next_cursor = None
    if len(entries) > limit:
        at, rank, last_id = page[-1].key
        next_cursor = encode_cursor([at.isoformat(), rank, last_id])
    return TimelinePage(items=page, next_cursor=next_cursor)
