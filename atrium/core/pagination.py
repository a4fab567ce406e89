"""Keyset (cursor) pagination: stable, index-friendly pages over lists of any size, no COUNT(*).

``keyset_page(qs, ["-created_at", "-id"], cursor, limit)`` returns the page and an opaque cursor for the next
one. The ordering must end with a unique field (the primary key) and its fields must not be NULL.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from atrium.core.errors import ValidationFailed

M = TypeVar("M", bound=Model)


@dataclass
class Page(Generic[M]):
    items: list[M]
    next_cursor: str | None


def _encode(values: list[Any]) -> str:
    raw = json.dumps(values, default=str, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, size: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        values = None
    if not isinstance(values, list) or len(values) != size:
        raise ValidationFailed({"cursor": [_("This cursor is not valid for this list.")]})
    return values


def _after_q(model: type[Model], ordering: list[str], values: list[Any]) -> Q:
    """Rows strictly after ``values`` in ``ordering``: (a > x) OR (a = x AND b > y) OR …"""
    result = Q()
    equal = Q()
    for index, term in enumerate(ordering):
        name = term.lstrip("-")
        field: Any = None if "__" in name else model._meta.get_field(name)
        value = values[index]
        if field is not None:
            try:
                value = field.to_python(value)
            except Exception:
                raise ValidationFailed({"cursor": [_("This cursor is not valid for this list.")]}) from None
        op = "lt" if term.startswith("-") else "gt"
        step = equal & Q(**{f"{name}__{op}": value})
        result = step if index == 0 else result | step
        equal &= Q(**{name: value})
    return result


def keyset_page(qs: QuerySet[M], ordering: list[str], cursor: str | None, limit: int) -> Page[M]:
    if cursor:
        values = _decode(cursor, len(ordering))
        qs = qs.filter(_after_q(qs.model, ordering, values))
    rows = list(qs.order_by(*ordering)[: limit + 1])
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = None
    if has_more and rows:
        last = rows[-1]
        next_cursor = _encode([_attr(last, term.lstrip("-")) for term in ordering])
    return Page(items=rows, next_cursor=next_cursor)


def _attr(obj: Any, path: str) -> Any:
    for part in path.split("__"):
        obj = getattr(obj, part)
    if isinstance(obj, Model):
        obj = obj.pk
    return obj
