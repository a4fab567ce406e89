"""Operation-log rows for a batch of imported records: what ``core.audit.audit()`` writes for one record,
written for a thousand in one INSERT (inside the batch's transaction, so rows and log commit together)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from atrium.core.audit import changes_between
from atrium.core.bulk_insert import insert_rows
from atrium.core.models import OperationLog
from atrium.core.request_context import current_request_context


def _changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """A new record's changes are its filled values (already plain: text, numbers, lists of text)."""
    if not before:
        return {
            name: [None, value.isoformat() if isinstance(value, date) else value]
            for name, value in after.items()
        }
    return changes_between(before, after)


def log_records(
    *,
    actor: Any,
    action: str,
    kind: str,
    records: Iterable[tuple[Any, str, Mapping[str, Any], Mapping[str, Any]]],
    summary: str = "",
) -> int:
    """One log row per ``(id, name, before, after)``; the changes are the fields that differ."""
    context = current_request_context()
    is_user = actor is not None and getattr(actor, "pk", None) is not None
    actor_name = (actor.get_username() if is_user else str(actor or ""))[:150]
    actor_id = actor.pk if is_user else None
    rows = [
        (
            actor_id,
            actor_name,
            context.ip,
            context.user_agent,
            action,
            kind,
            str(pk)[:64],
            str(name)[:200],
            _changes(before, after),
            summary[:300],
        )
        for pk, name, before, after in records
    ]
    insert_rows(
        OperationLog,
        [
            "actor",
            "actor_name",
            "ip",
            "user_agent",
            "action",
            "kind",
            "object_id",
            "object_repr",
            "changes",
            "summary",
        ],
        rows,
    )
    return len(rows)
