"""Inserting thousands of rows at import speed.

``Model.objects.bulk_create`` spends most of its time in Python, compiling every value of every row through
the field machinery (and, on PostgreSQL, quoting them into the SQL text). ``insert_rows`` converts values per
column once, reserves the new ids first (so the caller gets them in order, on both databases), and sends the
rows: ``executemany`` on SQLite, ``COPY … FROM STDIN`` on PostgreSQL. ``append_rows`` is the same for rows
whose ids nobody needs back (log rows, tags): they take their ids from the table's own sequence, and the rows
may come from a generator, consumed while the database already stores the first ones (on PostgreSQL the
server works through a COPY while the client is still producing it).

Both write exactly the model's concrete columns — fields the caller does not give get their default, and
``auto_now``/``auto_now_add`` fields get the current time — and nothing else: no ``save()``, no signals. Like
any write of a service, they must run inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
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
    connection = _writing_connection(model)
    columns, adapters, fill = _plan(model, fields, connection)
    ids = _reserve_ids(model, connection, len(rows))
    convert = _converter(adapters, fill)
    _send(connection, model, columns, (convert(row, (pk,)) for pk, row in zip(ids, rows, strict=True)))
    return ids


def append_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert ``rows`` like ``insert_rows`` but let the table number them (nothing reserved, no ids back);
    ``rows`` may be a generator. Returns how many rows were written."""
    connection = _writing_connection(model)
    columns, adapters, fill = _plan(model, fields, connection)
    convert = _converter(adapters, fill)
    count = 0

    def values() -> Iterator[tuple]:
        nonlocal count
        for row in rows:
            count += 1
            yield convert(row, ())

    _send(connection, model, columns[1:], values())
    return count


def _converter(adapters: Sequence[Adapter], fill: Sequence[Any]) -> Callable[[Sequence[Any], tuple], tuple]:
    """Row → the values sent: ``head`` (the id), the row with the values that need it adapted, ``fill``. Only
    the few columns with an adapter (JSON, dates) are touched: a call per value cost more than the COPY."""
    width, rest = len(adapters), tuple(fill)
    special = [(index, adapt) for index, adapt in enumerate(adapters) if adapt is not _same]

    def convert(row: Sequence[Any], head: tuple) -> tuple:
        if len(row) != width:
            raise ValueError(f"a row has {len(row)} values for {width} fields")
        if special:
            row = list(row)
            for index, adapt in special:
                row[index] = adapt(row[index])
        return (*head, *row, *rest)

    return convert


def _writing_connection(model: type[models.Model]):
    connection = connections[router.db_for_write(model)]
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("bulk inserts must run inside a transaction")
    return connection


def _send(connection, model: type[models.Model], columns: Sequence[str], values: Iterable[tuple]) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    if connection.vendor == "postgresql":
        copy_rows(connection, f"{table} ({quoted})", values)
        return
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        iterator = iter(values)
        while chunk := list(islice(iterator, CHUNK)):
            cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", chunk)


def copy_rows(connection, target: str, rows: Iterable[Sequence[Any]]) -> None:
    """PostgreSQL: ``COPY target FROM STDIN`` (``target`` is the quoted table and column list) in the text
    format, each value dumped by psycopg as for a query parameter (JSON must already be text). The rows are
    sent as they come, so the server stores the first ones while the caller produces the next; inside a
    ``copy_pipeline`` they are produced and formatted here and sent by the pipeline's thread."""
    from atrium.core.copy_pipeline import active_pipeline

    pipeline = active_pipeline(connection)
    if pipeline is not None:
        pipeline.send(target, rows)
        return
    connection.ensure_connection()
    copy_to_raw(connection.connection, target, rows)


def copy_to_raw(raw, target: str, rows: Iterable[Sequence[Any]]) -> None:
    """The COPY itself, on a psycopg connection."""
    import psycopg

    with psycopg.Cursor(raw) as cursor, cursor.copy(f"COPY {target} FROM STDIN") as copy:
        write = copy.write_row
        for row in rows:
            write(row)


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


def _column_value(instance: models.Model, field: Any) -> Any:
    """The value a column stores: a file field's stored name (its FieldFile is not a database value)."""
    value = getattr(instance, field.attname)
    if isinstance(field, models.FileField):
        return value.name or ""
    return value


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
        [[_column_value(instance, field) for field in fields] for instance in instances],
    )
    alias = router.db_for_write(model)
    for instance, pk in zip(instances, ids, strict=True):
        instance.pk = pk
        instance._state.adding = False
        instance._state.db = alias
