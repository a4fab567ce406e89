"""Finding, for a batch of thousands of values, the rows that hold any of them (duplicate checks of imports).

``rows_matching`` answers the rows of a model whose columns equal any value of the given sets — one query per
batch, through the columns' indexes. On PostgreSQL each set travels as ONE array parameter bound by the server
(``column = ANY($1)``); an ``IN (…)`` list of thousands of values quoted into the SQL text costs the client
more than the database's lookups. SQLite gets the ``IN`` lists through the ORM.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from django.db import connections, models, router
from django.db.models import Q

from atrium.core.copy_pipeline import active_pipeline


def rows_matching(
    model: type[models.Model],
    any_of: Mapping[str, Collection[str]],
    fields: Sequence[str],
    where: Mapping[str, Any] | None = None,
) -> list[tuple]:
    """``fields`` of the rows that match ``where`` (field → value, all of them) and have, for at least one
    entry of ``any_of``, the field's value among its texts. Fields by name; foreign keys by ``<name>_id``."""
    wanted = {name: list(values) for name, values in any_of.items() if values}
    if not wanted:
        return []
    connection = connections[router.db_for_read(model)]
    if connection.vendor != "postgresql":
        match = Q()
        for name, values in wanted.items():
            match |= Q(**{f"{name}__in": values})
        return list(model._default_manager.filter(match, **(where or {})).values_list(*fields))
    import psycopg

    quote = connection.ops.quote_name
    column = {name: quote(_column(model, name)) for name in [*wanted, *fields, *(where or {})]}
    conditions = [f"{column[name]} = %s" for name in where or {}]
    conditions.append("(" + " OR ".join(f"{column[name]} = ANY(%b::text[])" for name in wanted) + ")")
    sql = (
        f"SELECT {', '.join(column[name] for name in fields)} FROM {quote(model._meta.db_table)} "
        f"WHERE {' AND '.join(conditions)}"
    )
    pipeline = active_pipeline(connection)
    if pipeline is not None:  # the rows handed over are written first (this cursor is not Django's)
        pipeline.drain()
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, [*(where or {}).values(), *wanted.values()])
        return cursor.fetchall()


def _column(model: type[models.Model], name: str) -> str:
    for field in model._meta.concrete_fields:
        if name in (field.name, field.attname):
            return str(field.column)
    raise ValueError(f"{model.__name__}.{name} is not a column")
