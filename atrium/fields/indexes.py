"""The indexes of custom fields, kept in step with the definitions by the worker.

PostgreSQL:
- Equality and containment filters (selects, yes/no, people, ``custom.<key>=``) are served by one GIN index
  (``jsonb_path_ops``) on each kind's ``custom`` column, made by a migration of the kind's app.
- A field marked sortable gets two expression indexes, ``((custom -> 'key')`` with the id, one per direction
  with NULLs last, as the list engine sorts; range filters on it use them too. They are named
  ``cf_<table>_<key>_a`` / ``_d``; unmarking the field (or retiring, deleting it) drops them.
- A field marked unique (and not sortable) gets one expression index ``((custom -> 'key'))``, named
  ``cf_<table>_<key>_u``, for the write path's and the imports' lookups of a value (``uniqueness``).

SQLite: a sortable or unique field gets one index ``cf_<table>_<key>`` on the value expression exactly as the ORM
writes it (``core.json_keys``: the key written into the SQL, so SQLite can match it) and the id; SQLite reads it
in either direction, so it serves sorts both ways, ranges, equality and the unique lookups. Sorting 100,000
customers by a money field without it took 175 ms a page; a list filtered by a select is served well enough
by the scope's own indexes.

``sync_field_indexes()`` compares the wanted indexes with those that exist and creates or drops the
difference — on PostgreSQL with CONCURRENTLY, outside any transaction (writes to the table go on while an index
is built). It runs after each change of a definition (a subscriber of the definitions' durable events, on the
delivery's commit) and is idempotent.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.db.models import Q

from atrium.core.events import subscribe
from atrium.core.json_keys import value_expression_sql
from atrium.fields.models import FieldDefinition
from atrium.fields.registry import custom_kind, custom_kinds

PREFIX = "cf_"


def _table(kind: str) -> str:
    found = custom_kind(kind)
    assert found is not None
    return str(found.model._meta.db_table)


def wanted_indexes() -> dict[str, str]:
    """Index name → its CREATE statement, for every sortable or unique live field."""
    wanted = {}
    live = FieldDefinition.objects.filter(retired_at__isnull=True)
    postgres = connection.vendor == "postgresql"
    for definition in live.filter(Q(sortable=True) | Q(unique=True)):
        found = custom_kind(definition.kind)
        if found is None:
            continue
        table, key = _table(definition.kind), definition.key  # keys are [a-z][a-z0-9_]*: safe in SQL
        if not postgres:
            name = f"{PREFIX}{table}_{key}"[:63]
            expression = value_expression_sql(found.model, key)
            wanted[name] = f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ({expression}, id)'
            continue
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
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = ANY(%s) AND indexname LIKE %s",
                [tables, PREFIX + "%"],
            )
        else:
            marks = ", ".join(["%s"] * len(tables))
            cursor.execute(
                f"SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ({marks}) "
                "AND name LIKE %s",
                [*tables, PREFIX + "%"],
            )
        return {row[0] for row in cursor.fetchall()}


def sync_field_indexes() -> tuple[list[str], list[str]]:
    """Create the missing indexes and drop the unwanted ones; answers (created, dropped). On PostgreSQL not
    inside a transaction (CONCURRENTLY cannot be)."""
    postgres = connection.vendor == "postgresql"
    if connection.vendor not in ("postgresql", "sqlite") or (postgres and connection.in_atomic_block):
        return [], []
    wanted, existing = wanted_indexes(), existing_indexes()
    created, dropped = sorted(set(wanted) - existing), sorted(existing - set(wanted))
    concurrently = "CONCURRENTLY " if postgres else ""
    with connection.cursor() as cursor:
        for name in created:
            cursor.execute(wanted[name])
        for name in dropped:
            cursor.execute(f'DROP INDEX {concurrently}IF EXISTS "{name}"')
    return created, dropped


def keep_indexes_after_change(**_payload: Any) -> None:
    """Subscriber of the definitions' events: once the delivery commits, bring the indexes in step."""
    transaction.on_commit(sync_field_indexes)


for _event in ("created", "updated", "retired", "restored", "deleted"):
    subscribe(f"custom_field.{_event}", keep_indexes_after_change)
