"""The indexes of custom fields on PostgreSQL, kept in step with the definitions by the worker.

- Equality and containment filters (selects, yes/no, people, ``custom.<key>=``) are served by one GIN index
  (``jsonb_path_ops``) on each kind's ``custom`` column, made by a migration of the kind's app.
- A field marked sortable gets two expression indexes, ``((custom -> 'key')`` with the id, one per direction
  with NULLs last, as the list engine sorts; range filters on it use them too. They are named
  ``cf_<table>_<key>_a`` / ``_d``; unmarking the field (or retiring, deleting it) drops them.
- A field marked unique (and not sortable) gets one expression index ``((custom -> 'key'))``, named
  ``cf_<table>_<key>_u``, for the write path's and the imports' lookups of a value (``uniqueness``).

``sync_field_indexes()`` compares the wanted indexes with those that exist and creates or drops the
difference with CONCURRENTLY, outside any transaction (writes to the table go on while an index is built).
It runs after each change of a definition (a subscriber of the definitions' durable events, on the delivery's
commit) and is idempotent. SQLite needs no such index at the sizes it serves (a list sorts 100,000 records by a
JSON value in tens of milliseconds).
"""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.db.models import Q

from atrium.core.events import subscribe
from atrium.fields.models import FieldDefinition
from atrium.fields.registry import custom_kind, custom_kinds

PREFIX = "cf_"


def _table(kind: str) -> str:
    found = custom_kind(kind)
    assert found is not None
    return str(found.model._meta.db_table)


def wanted_indexes() -> dict[str, str]:
    """Index name → its CREATE statement, for every sortable live field."""
    wanted = {}
    live = FieldDefinition.objects.filter(retired_at__isnull=True)
    for definition in live.filter(Q(sortable=True) | Q(unique=True)):
        if custom_kind(definition.kind) is None:
            continue
        table, key = _table(definition.kind), definition.key  # keys are [a-z][a-z0-9_]*: safe in SQL
        if not definition.sortable:  # a unique field's lookups; a sortable one's indexes serve them too
            name = f"{PREFIX}{table}_{key}_u"[:63]
            wanted[name] = (
                f'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{name}" ON "{table}" ((custom -> \'{key}\'))'
            )
            continue
        for suffix, direction in (("a", "ASC"), ("d", "DESC")):
            name = f"{PREFIX}{table}_{key}_{suffix}"[:63]
            wanted[name] = (
                f'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{name}" ON "{table}" '
                f"((custom -> '{key}') {direction} NULLS LAST, id {direction})"
            )
    return wanted


def existing_indexes() -> set[str]:
    tables = [_table(k.kind) for k in custom_kinds()]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = ANY(%s) AND indexname LIKE %s",
            [tables, PREFIX + "%"],
        )
        return {row[0] for row in cursor.fetchall()}


def sync_field_indexes() -> tuple[list[str], list[str]]:
    """Create the missing indexes and drop the unwanted ones; answers (created, dropped). PostgreSQL only."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return [], []
    wanted, existing = wanted_indexes(), existing_indexes()
    created, dropped = sorted(set(wanted) - existing), sorted(existing - set(wanted))
    with connection.cursor() as cursor:
        for name in created:
            cursor.execute(wanted[name])
        for name in dropped:
            cursor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{name}"')
    return created, dropped


def keep_indexes_after_change(**_payload: Any) -> None:
    """Subscriber of the definitions' events: once the delivery commits, bring the indexes in step."""
    transaction.on_commit(sync_field_indexes)


for _event in ("created", "updated", "retired", "restored", "deleted"):
    subscribe(f"custom_field.{_event}", keep_indexes_after_change)
