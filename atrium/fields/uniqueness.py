"""Unique custom fields (e.g. 客户编号): one record of the kind per value.

- The write path (``cleaning``) refuses a value another record holds. On PostgreSQL the check first takes a
  transaction-level advisory lock on (kind, key, value), so two people saving the same new value at the same
  moment cannot both pass: the second waits for the first to commit and then sees its value. SQLite runs one
  write transaction at a time, so the check alone is enough there.
- Imports check a batch at once: a value met earlier in the file, or held by another record than the one the
  row updates, fails the row naming the field (one query per unique field per batch).
- Marking a field unique is refused while records share a value: the count and the first values are named.
- The lookups are served on PostgreSQL by an expression index on ``(custom -> 'key')`` (``indexes``, made when a
  field is marked unique, dropped when it is not).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import Count, Model
from django.utils.translation import gettext as _

from atrium.core.custom_values import PREFIX
from atrium.fields.models import FieldDefinition
from atrium.fields.registry import custom_kind
from atrium.fields.values import is_empty

DUPLICATES_SHOWN = 20


def _model(kind: str) -> type[Model]:
    found = custom_kind(kind)
    assert found is not None
    return found.model


def _marker(value: Any) -> str:
    """One text per value whatever its Python form (1 and 1.0 alike, lists in order)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def taken_message(definition: FieldDefinition) -> str:
    return _("Another record already has this %(field)s.") % {"field": definition.label}


def value_taken(definition: FieldDefinition, value: Any, record_pk: Any) -> bool:
    """Whether another record of the kind holds ``value`` (inside the writer's transaction)."""
    if is_empty(value):
        return False
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))",
                [f"custom-unique:{definition.kind}:{definition.key}:{_marker(value)}"],
            )
    others = _model(definition.kind)._default_manager.filter(**{f"custom__{definition.key}": value})
    if record_pk is not None:
        others = others.exclude(pk=record_pk)
    return others.exists()


def shared_values(definition: FieldDefinition) -> tuple[int, list[str]]:
    """(how many values more than one record holds, the first of them) — what stops marking a field unique."""
    path = f"custom__{definition.key}"
    groups = (
        _model(definition.kind)
        ._default_manager.filter(**{"custom__has_key": definition.key})
        .values(path)
        .annotate(holders=Count("pk"))
        .filter(holders__gt=1)
        .order_by()
    )
    values = [str(row[path]) for row in groups[: DUPLICATES_SHOWN + 1] if not is_empty(row[path])]
    count = groups.count() if len(values) > DUPLICATES_SHOWN else len(values)
    return count, values[:DUPLICATES_SHOWN]


class UniqueImportCheck:
    """The unique custom fields of one import: call ``check`` on each batch once the rows know the record
    they update (``target_id``)."""

    def __init__(self, definitions: Iterable[FieldDefinition]) -> None:
        self.fields = [d for d in definitions if d.unique]
        self.seen: dict[str, dict[str, int]] = {d.key: {} for d in self.fields}

    def check(self, rows: list[Any]) -> None:
        for definition in self.fields:
            self._check_field(definition, rows)

    def _check_field(self, definition: FieldDefinition, rows: list[Any]) -> None:
        name, seen = PREFIX + definition.key, self.seen[definition.key]
        wanted: dict[str, list[Any]] = {}
        values: list[Any] = []
        for row in rows:
            value = (row.data or {}).get(name) if row.ok else None
            if is_empty(value):
                continue
            marker = _marker(value)
            earlier = seen.get(marker)
            if earlier is not None:
                row.fail(
                    name, _("Same %(field)s as line %(line)d.") % {"field": definition.label, "line": earlier}
                )
                continue
            seen[marker] = row.line
            wanted.setdefault(marker, []).append(row)
            values.append(value)
        if not values:
            return
        path = f"custom__{definition.key}"
        holders = _model(definition.kind)._default_manager.filter(**{f"{path}__in": values})
        for pk, value in holders.values_list("pk", path):
            for row in wanted.get(_marker(value), []):
                if row.target_id != pk and row.ok:
                    row.fail(name, taken_message(definition))
