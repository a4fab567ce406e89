"""Custom-field values on the write path: core is domain-free, so the app that keeps the definitions
(``atrium.fields``) registers how a kind's ``custom`` values are cleaned; ``core.writes`` asks it on every create
and every edit that sends custom values, inside the transaction, before the record is saved.

A kind that no definitions app handles refuses custom values (nothing is stored unchecked)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from django.utils.translation import gettext as _

from atrium.core.errors import ValidationFailed

PREFIX = "custom."  # the log keys and error keys of custom fields: "custom.<key>"


class CustomValues(Protocol):
    def handles(self, kind: str) -> bool:
        """Whether ``kind`` has custom fields."""
        ...

    def clean(
        self,
        *,
        actor: Any,
        kind: str,
        raw: Mapping[str, Any] | None,
        current: Mapping[str, Any],
        record_pk: Any,
        creating: bool,
    ) -> dict[str, Any]:
        """The record's whole new ``custom`` dict (``current`` with ``raw`` applied, defaults on create);
        ValidationFailed with ``custom.<key>`` messages, Forbidden for a field the actor may only read.
        ``raw`` None: the surface offers no custom fields — defaults on create, nothing required."""
        ...

    def search_keys(self, kind: str) -> list[tuple[str, bool]]:
        """The keys of the kind's fields that global search indexes, each with whether it holds a phone."""
        ...


_handlers: list[CustomValues] = []


def register_custom_values(handler: CustomValues) -> None:
    _handlers[:] = [handler]


def handles(kind: str) -> bool:
    return bool(_handlers) and _handlers[0].handles(kind)


def cleaned_custom(
    *, actor: Any, kind: str, raw: Any, current: Mapping[str, Any] | None, record_pk: Any, creating: bool
) -> dict[str, Any] | None:
    """The new ``custom`` dict, or None when nothing changes (no handler for the kind and nothing sent)."""
    if raw is not None and not isinstance(raw, Mapping):
        raise ValidationFailed({"custom": [_("Send the custom fields as an object of keys and values.")]})
    if not handles(kind):
        if raw:
            raise ValidationFailed({"custom": [_("This kind of record has no custom fields.")]})
        return None
    return _handlers[0].clean(
        actor=actor, kind=kind, raw=raw, current=dict(current or {}), record_pk=record_pk, creating=creating
    )


def custom_search_keys(kind: str) -> list[tuple[str, bool]]:
    """(key, is a phone) of the kind's searchable custom fields; none for a kind without custom fields."""
    return _handlers[0].search_keys(kind) if handles(kind) else []


def custom_log_values(values: Mapping[str, Any] | None) -> dict[str, Any]:
    """How the log keeps a record's custom values: ``{"custom.<key>": value}`` (create and delete snapshots)."""
    return {f"{PREFIX}{key}": value for key, value in (values or {}).items()}


def custom_changes(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> dict[str, list[Any]]:
    """``{"custom.<key>": [old, new]}`` for each key whose value changed."""
    before, after = before or {}, after or {}
    return {
        f"{PREFIX}{key}": [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }
