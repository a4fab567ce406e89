"""Keyset pages over one sort column (which may be NULL) plus the primary key.

``core.pagination.keyset_page`` needs non-NULL columns; lists sorted by the last or next follow-up time have
NULLs, which go last in both directions here. The cursor is opaque (base64 JSON of the last row's value and id).
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from atrium.core.errors import ValidationFailed
from atrium.core.pagination import Page


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


def sorted_ordering(field: str, descending: bool) -> list[Any]:
    if field == "id":
        return ["-id" if descending else "id"]
    column = F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
    return [column, "-id" if descending else "id"]


def _after_q(qs: QuerySet, field: str, descending: bool, values: list[Any]) -> Q:
    op = "lt" if descending else "gt"
    if field == "id":
        return Q(**{f"id__{op}": values[0]})
    value, last_id = values
    if not isinstance(last_id, int):
        raise _bad_cursor()
    if value is None:
        return Q(**{f"{field}__isnull": True, f"id__{op}": last_id})
    try:
        value = qs.model._meta.get_field(field).to_python(value)
    except Exception:
        raise _bad_cursor() from None
    return (
        Q(**{f"{field}__{op}": value})
        | Q(**{field: value, f"id__{op}": last_id})
        | Q(**{f"{field}__isnull": True})
    )


def sorted_page(qs: QuerySet, field: str, descending: bool, cursor: str | None, limit: int) -> Page:
    """One page of ``qs`` ordered by ``field`` (NULLs last) then id, in the same direction."""
    size = 1 if field == "id" else 2
    if cursor:
        qs = qs.filter(_after_q(qs, field, descending, decode_cursor(cursor, size)))
    rows = list(qs.order_by(*sorted_ordering(field, descending))[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = encode_cursor([last.pk] if field == "id" else [getattr(last, field), last.pk])
    return Page(items=rows, next_cursor=next_cursor)
