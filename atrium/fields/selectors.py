"""Reads of custom-field definitions, and what a person may do with each field (per-role visibility)."""

from __future__ import annotations

from typing import Any

from atrium.core.actors import is_system
from atrium.fields.models import FieldDefinition, Visibility

_RANK = {Visibility.HIDDEN: 0, Visibility.READ_ONLY: 1, Visibility.EDITABLE: 2}


def definitions_of(kind: str, *, retired: bool = False) -> list[FieldDefinition]:
    """The kind's fields in form order; retired ones only with ``retired=True``."""
    rows = FieldDefinition.objects.filter(kind=kind)
    if not retired:
        rows = rows.filter(retired_at__isnull=True)
    return list(rows.order_by("position", "id"))


def _role_codes(user: Any) -> list[str]:
    cached = getattr(user, "_custom_field_roles", None)
    if cached is None:
        cached = list(user.roles.values_list("code", flat=True)) if getattr(user, "pk", None) else []
        user._custom_field_roles = cached
    return cached


def field_access(user: Any, definition: FieldDefinition) -> str:
    """ "editable", "readonly" or "hidden" for this person: the widest of their roles' (a role the field does not
    name edits); worker processes edit every field."""
    if user is None or is_system(user):
        return Visibility.EDITABLE
    rules = definition.visibility or {}
    codes = _role_codes(user)
    if not codes:
        return Visibility(rules.get("", Visibility.EDITABLE)) if rules else Visibility.EDITABLE
    return max((Visibility(rules.get(code, Visibility.EDITABLE)) for code in codes), key=_RANK.__getitem__)


def visible_definitions(user: Any, kind: str) -> list[FieldDefinition]:
    """The live fields this person may see (read-only ones included)."""
    return [d for d in definitions_of(kind) if field_access(user, d) != Visibility.HIDDEN]


def visible_definitions_cached(user: Any, kind: str) -> list[FieldDefinition]:
    """``visible_definitions`` once per person and request (a list page reads many records)."""
    cache = getattr(user, "_custom_field_definitions", None)
    if cache is None:
        cache = {}
        if user is not None:
            user._custom_field_definitions = cache
    if kind not in cache:
        cache[kind] = visible_definitions(user, kind)
    return cache[kind]


def custom_resolver(kind: str) -> Any:
    """A schema resolver of a record's ``custom`` object: the values of the fields the person may see, keyed by
    API key (empty ones as null)."""

    def resolve_custom(obj: Any, context: Any = None) -> dict[str, Any]:
        request = (context or {}).get("request")
        user = getattr(request, "user", None)
        custom = getattr(obj, "custom", None) or {}
        return {d.key: custom.get(d.key) for d in visible_definitions_cached(user, kind)}

    return staticmethod(resolve_custom)
