"""Writing the operation log. Services call ``audit()`` inside their transaction, so a change without its
log row cannot exist: if the transaction rolls back, so does the row."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

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
    actor: Any,
    action: str,
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
    is_user = actor is not None and getattr(actor, "pk", None) is not None
    return OperationLog.objects.create(
        actor=actor if is_user else None,
        actor_name=(actor.get_username() if is_user else str(actor or ""))[:150],
        ip=context.ip,
        user_agent=context.user_agent,
        action=action,
        kind=kind,
        object_id=str(object_id or "")[:64],
        object_repr=str(object_repr)[:200],
        changes=_plain(dict(changes or {})),
        summary=str(summary)[:300],
    )
