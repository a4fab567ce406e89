"""One activity timeline for any record: its operation-log rows and the entries other apps register
(follow-ups, later tasks, messages …), newest first, in keyset pages.

A source is a function ``(viewer, record, before) → queryset`` of rows the viewer may see (read through
``core.access`` by the source), plus the name of its time field; each source is read after the cursor,
``limit + 1`` rows, and the sources are merged. The cursor is the last entry's (time, source rank, id).

    register_timeline_source("customer", TimelineSource(key="followup", rank=1, time_field="happened_at",
                                                        rows=followups_for_timeline))

The log rows of a record come from ``log_records`` declared per kind (a customer's log includes its contacts'
rows); every log row's change lines are read with ``core.log_reading`` for this viewer, so linked records the
viewer may not see read "a record you may not see".
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from atrium.core.errors import ValidationFailed
from atrium.core.log_reading import ChangeLine, actor_text, change_lines_of
from atrium.core.models import OperationLog

LOG_RANK = 0  # at the same moment an entry of another source sorts before the log row written with it

Cursor = tuple[datetime.datetime, int, int]


@dataclass(frozen=True)
class TimelineSource:
    key: str
    rank: int
    time_field: str
    rows: Callable[[Any, Model], QuerySet]  # (viewer, record) → what the viewer may see of this source
    # (viewer, rows of the page) → {row id: [(label, value in words)]}: extra facts shown under each entry
    # (a follow-up's custom fields the viewer may see), read once per page
    facts: Callable[[Any, list[Any]], dict[Any, list[tuple[str, str]]]] | None = None


@dataclass
class TimelineEntry:
    at: datetime.datetime
    source: str
    row: Any
    rank: int
    change_lines: list[ChangeLine] = field(default_factory=list)
    actor: str = ""
    facts: list[tuple[str, str]] = field(default_factory=list)

    @property
    def key(self) -> Cursor:
        return (self.at, self.rank, self.row.pk)

    @property
    def log(self) -> OperationLog | None:
        return self.row if self.source == "log" else None

    @property
    def followup(self) -> Any:
        return self.row if self.source == "followup" else None


@dataclass
class TimelinePage:
    items: list[TimelineEntry]
    next_cursor: str | None


LogRecords = Callable[[Model], Q]  # the log rows that belong on this record's timeline

_sources: dict[str, list[TimelineSource]] = {}
_log_records: dict[str, LogRecords] = {}


def register_timeline_source(kind: str, source: TimelineSource) -> None:
    if source.rank == LOG_RANK:
        raise ValueError("rank 0 is the operation log's")
    sources = [s for s in _sources.get(kind, []) if s.key != source.key]
    _sources[kind] = [*sources, source]


def register_log_records(kind: str, rows: LogRecords) -> None:
    """Which log rows show on a record's timeline; default: the rows of the record itself."""
    _log_records[kind] = rows


def _own_log_rows(kind: str) -> LogRecords:
    return lambda record: Q(kind=kind, object_id=str(record.pk))


def _before_q(time_field: str, rank: int, cursor: Cursor | None) -> Q:
    if cursor is None:
        return Q()
    at, cursor_rank, last_id = cursor
    if rank < cursor_rank:
        return Q(**{f"{time_field}__lte": at})
    if rank > cursor_rank:
        return Q(**{f"{time_field}__lt": at})
    return Q(**{f"{time_field}__lt": at}) | Q(**{time_field: at, "id__lt": last_id})


def _bad_cursor() -> ValidationFailed:
    return ValidationFailed({"cursor": [_("This cursor is not valid for this list.")]})


def _encode(key: Cursor) -> str:
    raw = json.dumps([key[0].isoformat(), key[1], key[2]], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str | None, ranks: set[int]) -> Cursor | None:
    if not cursor:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode((cursor + "=" * (-len(cursor) % 4)).encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise _bad_cursor() from None
    if not isinstance(values, list) or len(values) != 3:
        raise _bad_cursor()
    at = parse_datetime(values[0]) if isinstance(values[0], str) else None
    if at is None or values[1] not in ranks or not isinstance(values[2], int):
        raise _bad_cursor()
    return at, values[1], values[2]


def _add_facts(viewer: Any, sources: list[TimelineSource], page: list[TimelineEntry]) -> None:
    for source in sources:
        if source.facts is None:
            continue
        entries = [e for e in page if e.source == source.key]
        if entries:
            facts = source.facts(viewer, [e.row for e in entries])
            for entry in entries:
                entry.facts = facts.get(entry.row.pk, [])


def record_timeline(
    viewer: Any, kind: str, record: Model, cursor: str | None = None, limit: int = 20
) -> TimelinePage:
    """The timeline of a record the caller has already loaded through the access layer (NotFound first)."""
    sources = _sources.get(kind, [])
    after = _decode(cursor, {LOG_RANK, *(s.rank for s in sources)})
    log_match = _log_records.get(kind, _own_log_rows(kind))(record)
    logs = (
        OperationLog.objects.filter(log_match)
        .filter(_before_q("created_at", LOG_RANK, after))
        .select_related("actor")
        .order_by("-created_at", "-id")[: limit + 1]
    )
    entries = [TimelineEntry(at=row.created_at, source="log", row=row, rank=LOG_RANK) for row in logs]
    for source in sources:
        rows = source.rows(viewer, record).filter(_before_q(source.time_field, source.rank, after))
        rows = rows.order_by(f"-{source.time_field}", "-id")[: limit + 1]
        entries += [
            TimelineEntry(at=getattr(row, source.time_field), source=source.key, row=row, rank=source.rank)
            for row in rows
        ]
    entries.sort(key=lambda e: e.key, reverse=True)
    page = entries[:limit]
    lines = change_lines_of([e.row for e in page if e.source == "log"], viewer)
    for entry in page:
        if entry.source == "log":
            entry.change_lines = lines[entry.row.pk]
            entry.actor = actor_text(entry.row)
    _add_facts(viewer, sources, page)
    next_cursor = _encode(page[-1].key) if len(entries) > limit else None
    return TimelinePage(items=page, next_cursor=next_cursor)
