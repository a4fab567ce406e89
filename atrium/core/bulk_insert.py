"""Inserting thousands of rows at import speed.

``Model.objects.bulk_create`` spends most of its time in Python, compiling every value of every row through
the field machinery (and, on PostgreSQL, quoting them into the SQL text). ``insert_rows`` converts values per
column once, reserves the new ids first (so the caller gets them in order, on both databases), and sends the
rows as bound parameters: ``executemany`` on SQLite, one ``unnest`` of typed arrays per chunk on PostgreSQL.

It writes exactly the model's concrete columns — fields the caller does not give get their default, and
``auto_now``/``auto_now_add`` fields get the current time — and nothing else: no ``save()``, no signals. Like
any write of a service, it must run inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, models, router, transaction
from django.utils import timezone

CHUNK = 5000
Adapter = Callable[[Any], Any]


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[int]:
    """Insert ``rows`` (values in the order of ``fields``, foreign keys by ``<name>_id`` attname or the plain
    field name given an id) and return their new primary keys, in order."""
    if not rows:
        return []
    alias = router.db_for_write(model)
    connection = connections[alias]
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("insert_rows() must run inside a transaction")
    columns, adapters, fill = _plan(model, fields, connection)
    ids = _reserve_ids(model, connection, len(rows))
    values = [
        (pk, *(adapt(value) for adapt, value in zip(adapters, row, strict=True)), *fill)
        for pk, row in zip(ids, rows, strict=True)
    ]
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    if connection.vendor == "postgresql":
        _insert_postgresql(connection, model, table, quoted, columns, values)
    else:
        marks = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:
            for start in range(0, len(values), CHUNK):
                cursor.executemany(
                    f"INSERT INTO {table} ({quoted}) VALUES ({marks})", values[start : start + CHUNK]
                )
    return ids


def _plan(
    model: type[models.Model], fields: Sequence[str], connection
) -> tuple[list[str], list[Adapter], list]:
    """The columns written (primary key, the given fields, then the rest with their defaults), an adapter per
    given field and the values of the rest."""
    meta = model._meta
    given = [_concrete_field(model, name) for name in fields]
    assert meta.pk is not None and meta.pk.column is not None
    columns: list[str] = [meta.pk.column, *(field.column for field in given if field.column)]
    adapters = [_adapter(field, connection) for field in given]
    fill: list[Any] = []
    now = timezone.now()
    for field in meta.concrete_fields:
        if field.primary_key or field in given:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value: Any = now
        else:
            value = field.get_default()
        columns.append(str(field.column))
        fill.append(_adapter(field, connection)(value))
    return columns, adapters, fill


def _concrete_field(model: type[models.Model], name: str) -> models.Field:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.concrete:
        raise ValueError(f"{model.__name__}.{name} is not a column")
    return field


def _adapter(field: models.Field, connection) -> Adapter:
    """What the database driver needs for this field's Python values (most values need nothing)."""
    if isinstance(field, models.JSONField):
        encoder = field.encoder
        return lambda value: None if value is None else json.dumps(value, cls=encoder)
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):
        return lambda value: connection.ops.adapt_decimalfield_value(
            value, field.max_digits, field.decimal_places
        )
    return _same


def _same(value: Any) -> Any:
    return value


def _reserve_ids(model: type[models.Model], connection, count: int) -> list[int]:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), model._meta.pk.column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the transaction holds the write lock (BEGIN IMMEDIATE), so nobody else takes these ids; the
        # AUTOINCREMENT counter is respected so that ids of deleted rows are never given again.
        cursor.execute(
            f"SELECT COALESCE(MAX({connection.ops.quote_name(model._meta.pk.column)}), 0) FROM {table}"
        )
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'")
        if cursor.fetchone():
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            highest = max(highest, row[0] if row else 0)
    return list(range(highest + 1, highest + 1 + count))


def _insert_postgresql(
    connection, model, table: str, quoted: str, columns: list[str], values: list[tuple]
) -> None:
    """One INSERT … SELECT FROM unnest(typed arrays) per chunk, parameters bound by the server (Django's
    client-side binding would quote every value into the SQL text)."""
    import psycopg

    meta = model._meta
    by_column = {field.column: field for field in meta.concrete_fields}
    types = [_column_type(by_column[column], connection) for column in columns]
    # JSON travels as text and is cast per value; every other column as an array of its own type.
    # %b: parameters in binary format (psycopg's text format quotes every array element with a regex).
    arrays = ", ".join(f"%b::{'text' if t == 'jsonb' else t}[]" for t in types)
    names = [f"c{i}" for i in range(len(columns))]
    picks = ", ".join(
        f"u.{n}::jsonb" if t == "jsonb" else f"u.{n}" for n, t in zip(names, types, strict=True)
    )
    sql = f"INSERT INTO {table} ({quoted}) SELECT {picks} FROM unnest({arrays}) AS u({', '.join(names)})"
    raw = connection.connection
    with psycopg.Cursor(raw) as cursor:
        for start in range(0, len(values), CHUNK):
            chunk = values[start : start + CHUNK]
            cursor.execute(sql, [list(column) for column in zip(*chunk, strict=True)])


def _column_type(field: models.Field, connection) -> str:
    """The column's type as an array element type: serial keys as their integer type, relations as the type
    of the key they point at."""
    if isinstance(field, models.ForeignKey):
        return str(field.target_field.rel_db_type(connection))
    if field.primary_key:
        return str(field.rel_db_type(connection))
    return field.db_type(connection) or "text"


def insert_instances(instances: Sequence[models.Model]) -> None:
    """``bulk_create`` for unsaved instances of one model, through ``insert_rows``: every column is taken from
    the instance (its defaults already applied), the automatic times are set, and each instance gets its id."""
    if not instances:
        return
    model = type(instances[0])
    fields = [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key
        and not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
    ]
    ids = insert_rows(
        model,
        [field.name for field in fields],
        [[getattr(instance, field.attname) for field in fields] for instance in instances],
    )
    alias = router.db_for_write(model)
    for instance, pk in zip(instances, ids, strict=True):
        instance.pk = pk
        instance._state.adding = False
        instance._state.db = alias
