"""Searchable custom text fields in global search: which keys a kind's index takes (``search_keys``, asked by
``core.search`` through ``core.custom_values``), and the worker's reindex of the records holding a field's values
when it becomes searchable or stops being so (marked, unmarked, retired, restored).

A field hidden from some role cannot be searchable (``services`` refuses it): the index is shared by everyone who
may see the record, so a hidden value must never be a way to find it."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from atrium.core.events import subscribe
from atrium.core.search import reindex
from atrium.core.search.registry import all_specs
from atrium.fields.models import FieldDefinition, FieldType, Visibility
from atrium.fields.registry import custom_kind
from atrium.fields.selectors import definitions_of

TEXT_TYPES = (FieldType.TEXT, FieldType.LONG_TEXT, FieldType.PHONE, FieldType.EMAIL, FieldType.URL)
REINDEX_CHUNK = 2000


def hidden_from_some_role(visibility: Any) -> bool:
    return any(rule == Visibility.HIDDEN for rule in (visibility or {}).values())


def search_keys(kind: str) -> list[tuple[str, bool]]:
    return [
        (d.key, d.field_type == FieldType.PHONE)
        for d in definitions_of(kind)
        if d.searchable and d.field_type in TEXT_TYPES and not hidden_from_some_role(d.visibility)
    ]


def _indexing_kinds(kind: str) -> list[str]:
    return [spec.kind for spec in all_specs() if spec.custom and spec.kind == kind]


def reindex_holders(definition: FieldDefinition) -> int:
    """Reindex, a chunk per transaction, the records of the field's kind that hold a value for it."""
    kinds = _indexing_kinds(definition.kind)
    found = custom_kind(definition.kind)
    if not kinds or found is None:
        return 0
    holders = found.model._default_manager.filter(custom__has_key=definition.key).order_by("pk")
    done, last = 0, 0
    while True:
        ids = list(holders.filter(pk__gt=last).values_list("pk", flat=True)[:REINDEX_CHUNK])
        if not ids:
            return done
        for kind in kinds:
            with transaction.atomic():
                reindex(kind, ids)
        done, last = done + len(ids), ids[-1]


def _after_change(custom_field_id: Any = None, changed: Any = None, **_payload: Any) -> None:
    definition = FieldDefinition.objects.filter(pk=custom_field_id).first()
    if definition is None:
        return
    if "searchable" in (changed or ()) or (definition.searchable and "retired_at" in (changed or ())):
        transaction.on_commit(lambda: reindex_holders(definition))


for _event in ("updated", "retired", "restored"):
    subscribe(f"custom_field.{_event}", _after_change)
