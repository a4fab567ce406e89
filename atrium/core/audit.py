"""Writing the operation log. Services call ``audit()`` inside their transaction, so a change without its
log row cannot exist: if the transaction rolls back, so does the row."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db import models

from atrium.core.actors import Actor, AuditVerb, SystemActor
from atrium.core.bulk_insert import append_rows
from atrium.core.kinds import kind_of_instance
from atrium.core.models import OperationLog
from atrium.core.request_context import current_request_context


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value, as a person would read it in the log."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Field values of ``instance`` for a later ``changes_between``; FKs by their id."""
    values: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            values[name] = getattr(instance, field.attname)
        else:
            values[name] = _plain(getattr(instance, name))
    return values


def changes_between(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for each field whose value differs."""
    return {
        name: [_plain(before.get(name)), _plain(after.get(name))]
        for name in dict.fromkeys([*before, *after])
        if _plain(before.get(name)) != _plain(after.get(name))
    }


def audit(
    *,
    actor: Actor | None,
    action: AuditVerb | str,
    record: models.Model | None = None,
    kind: str = "",
    object_id: Any = "",
    object_repr: str = "",
    changes: Mapping[str, Any] | None = None,
    summary: str = "",
) -> OperationLog:
    """Append one row to the operation log; ip and user agent come from the current request."""
    if record is not None:
        record_kind = kind_of_instance(record)
        kind = kind or (record_kind.key if record_kind else record._meta.label_lower)
        object_id = object_id or record.pk
        object_repr = object_repr or str(record)
    context = current_request_context()
    actor_id, actor_name = _actor_fields(actor)
    return OperationLog.objects.create(
        actor_id=actor_id,
        actor_name=actor_name,
        ip=context.ip,
        user_agent=context.user_agent,
        action=str(action),
        kind=kind,
        object_id=str(object_id or "")[:64],
        object_repr=str(object_repr)[:200],
        changes=_plain(dict(changes or {})),
        summary=str(summary)[:300],
    )


def _actor_fields(actor: Any) -> tuple[Any, str]:
    """(user id or None, the name the log keeps): a person by their account, a system process
    (``SystemActor``) by its name in the site's language."""
    if isinstance(actor, SystemActor):
        return None, actor.log_name()[:150]
    is_user = actor is not None and getattr(actor, "pk", None) is not None
    return (actor.pk if is_user else None), (actor.get_username() if is_user else str(actor or ""))[:150]


def _record_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """A new record's changes are its filled values (already plain: text, numbers, lists of text)."""
    if not before:
        return {
            name: [None, value.isoformat() if isinstance(value, date) else value]
            for name, value in after.items()
        }
    return changes_between(before, after)


def audit_records(
    *,
    actor: Actor | None,
    action: AuditVerb | str,
    kind: str,
    records: Iterable[tuple[Any, str, Mapping[str, Any], Mapping[str, Any]]],
    summary: str = "",
) -> int:
    """What ``audit()`` writes, for many records of one kind in one statement (bulk actions, imports): one row
    per ``(id, name, before, after)``; the changes are the fields that differ (a new record's: its filled
    values). ``records`` may be a generator: it is consumed while the rows are sent."""
    context = current_request_context()
    actor_id, actor_name = _actor_fields(actor)
    ip, user_agent, verb, summary = context.ip, context.user_agent, str(action), summary[:300]
    rows = (
        (
            actor_id,
            actor_name,
            ip,
            user_agent,
            verb,
            kind,
            str(pk)[:64],
            str(name)[:200],
            _record_changes(before, after),
            summary,
        )
        for pk, name, before, after in records
    )
    return append_rows(
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
