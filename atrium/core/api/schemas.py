from __future__ import annotations

from typing import Generic, TypeVar

from ninja import Schema
from pydantic import ConfigDict

T = TypeVar("T")


class InputSchema(Schema):
    """Request bodies: unknown fields are refused (422 naming the field), never silently ignored."""

    model_config = ConfigDict(extra="forbid")


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class CursorPage(Schema, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
