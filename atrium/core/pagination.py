"""Keyset (cursor) pagination: stable, index-friendly pages over lists of any size, no COUNT(*).

``keyset_page(qs, ["-last_followup_at", "-id"], cursor, limit)`` returns the page and an opaque cursor for the
next one (base64 JSON of the last row's values). The ordering must end with a unique field (the primary key).
Columns that may be NULL sort their NULLs last in both directions, and the cursor steps over them correctly;
``keyset_ordering`` gives the ``order_by`` terms for an ordering, so a queryset can be sorted the same way
without paging (exports). This is the only cursor implementation: lists, the API, the timeline and the inbox
use it.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import F, JSONField, Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from atrium.core.errors import ValidationFailed

M = TypeVar("M", bound=Model)


@dataclass
class Page(Generic[M]):
    items: list[M]
    next_cursor: str | None


def _bad_cursor() -> ValidationFailed:
    return ValidationFailed({"cursor": [_("This cursor is not valid for this list.")]})


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, default=str, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, size: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        values = None
    if not isinstance(values, list) or len(values) != size:
        raise _bad_cursor()
    return values


class _JsonKey:
    """A key inside a JSON column ("custom__budget": a custom field): absent reads as NULL, values as stored."""

    null = True
    is_relation = False

    @staticmethod
    def to_python(raw: Any) -> Any:
        return raw


JSON_KEY = _JsonKey()


def _field(model: type[Model], path: str) -> Any:
    """The model field at the end of ``path`` ("customer__owner"), ``JSON_KEY`` for a key inside a JSON column
    ("custom__budget"), or None when it cannot be resolved."""
    field: Any = None
    current: Any = model
    parts = path.split("__")
    for n, part in enumerate(parts):
        try:
            field = current._meta.get_field(part)
        except Exception:
            return None
        if isinstance(field, JSONField) and n < len(parts) - 1:
            return JSON_KEY
        current = getattr(field, "related_model", None) or current
    return field


def _nullable(model: type[Model], path: str) -> bool:
    field = _field(model, path)
    return bool(field is not None and field.null)


def keyset_ordering(model: type[Model], ordering: list[str]) -> list[Any]:
    """``order_by`` terms for ``ordering``: NULLs last for the columns that may hold NULL, plain names for the
    others (so the indexes on them serve both directions)."""
    terms: list[Any] = []
    for term in ordering:
        name = term.lstrip("-")
        if _nullable(model, name):
            column = F(name)
            terms.append(
                column.desc(nulls_last=True) if term.startswith("-") else column.asc(nulls_last=True)
            )
        else:
            terms.append(term)
    return terms


def _value(model: type[Model], name: str, raw: Any) -> Any:
    if raw is None:
        return None
    field = _field(model, name)
    if field is None:
        return raw
    try:
        return field.target_field.to_python(raw) if field.is_relation else field.to_python(raw)
    except Exception:
        raise _bad_cursor() from None


def _after_q(model: type[Model], ordering: list[str], values: list[Any]) -> Q:
    """Rows strictly after ``values`` in ``ordering``, NULLs counted as after every value:
    (a > x) OR (a = x AND rest) [OR a IS NULL], or, when x is NULL, (a IS NULL AND rest)."""
    after: Q | None = None  # beyond the last term nothing is "after"
    for term, raw in reversed(list(zip(ordering, values, strict=True))):
        name = term.lstrip("-")
        op = "lt" if term.startswith("-") else "gt"
        value = _value(model, name, raw)
        nullable = _nullable(model, name)
        if value is None:
            if not nullable:
                raise _bad_cursor()
            step = Q(**{f"{name}__isnull": True}) & after if after is not None else Q(pk__in=[])
        else:
            step = Q(**{f"{name}__{op}": value})
            if after is not None:
                step |= Q(**{name: value}) & after
            if nullable:
                step |= Q(**{f"{name}__isnull": True})
        after = step
    assert after is not None
    return after


def _attr(obj: Any, path: str) -> Any:
    for part in path.split("__"):
        if obj is None:
            return None
        obj = obj.get(part) if isinstance(obj, dict) else getattr(obj, part)
    if isinstance(obj, Model):
        obj = obj.pk
    return obj


def keyset_page(qs: QuerySet[M], ordering: list[str], cursor: str | None, limit: int) -> Page[M]:
    """One page of ``qs`` in ``ordering`` (ending with the primary key), after ``cursor``."""
    if cursor:
        values = decode_cursor(cursor, len(ordering))
        qs = qs.filter(_after_q(qs.model, ordering, values))
    rows = list(qs.order_by(*keyset_ordering(qs.model, ordering))[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = encode_cursor([_attr(last, term.lstrip("-")) for term in ordering])
    return Page(items=rows, next_cursor=next_cursor)
