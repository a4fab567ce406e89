"""The ``custom`` column of every record kind: a JSONField whose keys SQLite can serve from an index.

Django writes a key of a JSON column on SQLite as ``JSON_EXTRACT(custom, ?)`` with the path ``$."yusuan"`` as a
bound parameter. SQLite matches an expression index only against the same expression with the same literals, so
no index on a custom field's value could ever serve a sort or a filter. ``CustomValuesField`` writes the path
into the SQL instead when every key in it is a plain name (the fields' API keys are ``[a-z][a-z0-9_]*``; any
other key is still bound), and ``value_expression_sql`` gives the very expression for ``CREATE INDEX``
(``fields.indexes``). PostgreSQL is unchanged (``custom -> 'key'``, matched by its expression indexes).
"""

from __future__ import annotations

import re
from typing import Any

from django.db import models
from django.db.models.fields.json import (  # type: ignore[attr-defined]
    KeyTransform,
    KeyTransformFactory,
    compile_json_path,
)

PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class _InlineKeyTransform(KeyTransform):
    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        lhs, params, keys = self.preprocess_lhs(compiler, connection)
        if not all(PLAIN_KEY.match(str(key)) for key in keys):
            return super().as_sqlite(compiler, connection)
        path = "'" + compile_json_path(keys) + "'"  # plain names only: nothing to escape
        # sorted: the backend keeps these in a set, whose order changes from one process to the next, and the
        # index and every query must spell the expression alike
        kinds = ",".join(repr(kind) for kind in sorted(connection.ops.jsonfield_datatype_values))
        sql = (
            f"(CASE WHEN JSON_TYPE({lhs}, {path}) IN ({kinds}) "
            f"THEN JSON_TYPE({lhs}, {path}) ELSE JSON_EXTRACT({lhs}, {path}) END)"
        )
        return sql, tuple(params) * 3


class _InlineKeyTransformFactory(KeyTransformFactory):
    def __call__(self, *args: Any, **kwargs: Any) -> KeyTransform:
        return _InlineKeyTransform(self.key_name, *args, **kwargs)


class CustomValuesField(models.JSONField):
    """A JSONField whose key lookups (``custom__yusuan``, sorts, ranges, ``__in``) SQLite can index."""

    def get_transform(self, name: str) -> Any:
        transform = super().get_transform(name)
        if isinstance(transform, KeyTransformFactory):
            return _InlineKeyTransformFactory(name)
        return transform


def value_expression_sql(model: type[models.Model], key: str) -> str:
    """The SQL of ``custom -> key`` as the ORM writes it for ``model``'s database (for an expression index),
    with the column unqualified as CREATE INDEX wants it."""
    from django.db import connections, router

    if not PLAIN_KEY.match(key):
        raise ValueError(f"not a plain key: {key!r}")
    connection = connections[router.db_for_read(model)]
    query = model._default_manager.all().query
    compiler = query.get_compiler(connection=connection)
    sql, params = compiler.compile(models.F(f"custom__{key}").resolve_expression(query))
    if params:
        raise ValueError("the key expression still binds parameters")
    return sql.replace(f"{connection.ops.quote_name(model._meta.db_table)}.", "")
