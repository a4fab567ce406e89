"""Custom fields in imports: the columns they can be mapped from, and how their cells are cleaned (the same
validator table as forms and the API), for any kind's import."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from atrium.core.custom_values import PREFIX
from atrium.fields.models import FieldDefinition, FieldType, Visibility
from atrium.fields.registry import custom_kind
from atrium.fields.selectors import definitions_of, field_access
from atrium.fields.uniqueness import UniqueImportCheck
from atrium.fields.values import clean_value

LOOKED_UP = frozenset({FieldType.PERSON, FieldType.DEPARTMENT})


def import_columns(kind: str) -> list[FieldDefinition]:
    """The live custom fields of ``kind`` an import may fill."""
    return definitions_of(kind) if custom_kind(kind) is not None else []


def custom_cleaners(actor: Any, kind: str) -> dict[str, Callable[[str], Any]]:
    """``custom.<key>`` → a cleaner of the cell; a field the person may only read (or not see) refuses any value."""
    cleaners: dict[str, Callable[[str], Any]] = {}
    for definition in import_columns(kind):
        editable = field_access(actor, definition) == Visibility.EDITABLE
        cleaners[PREFIX + definition.key] = _cleaner(definition) if editable else _refusal(definition)
    return cleaners


def _cleaner(definition: FieldDefinition) -> Callable[[str], Any]:
    if definition.field_type not in LOOKED_UP:
        return lambda raw: clean_value(definition, raw)
    # A person or department cell is a lookup in the database: an import asks once per distinct text (a file
    # names the same twenty designers on 100,000 lines), remembering the answer or the refusal.
    answers: dict[str, Any] = {}

    def clean(raw: str) -> Any:
        if raw not in answers:
            try:
                answers[raw] = clean_value(definition, raw)
            except ValidationError as refusal:
                answers[raw] = refusal
        found = answers[raw]
        if isinstance(found, ValidationError):
            raise found
        return found

    return clean


def _refusal(definition: FieldDefinition) -> Callable[[str], Any]:
    def refuse(raw: str) -> Any:
        raise ValidationError(_("You may not change the field “%(field)s”.") % {"field": definition.label})

    return refuse


def unique_import_check(kind: str) -> UniqueImportCheck:
    """The check of the kind's unique fields across an import's batches (see ``uniqueness``)."""
    return UniqueImportCheck(import_columns(kind))


def required_custom_keys(actor: Any, kind: str) -> list[str]:
    return [
        PREFIX + d.key
        for d in import_columns(kind)
        if d.required and field_access(actor, d) == Visibility.EDITABLE
    ]


def split_custom(data: dict[str, Any]) -> dict[str, Any]:
    """Take the ``custom.<key>`` values out of a checked row's data; answers them keyed by field key."""
    keys = [key for key in data if key.startswith(PREFIX)]
    return {key[len(PREFIX) :]: data.pop(key) for key in keys if data.get(key) is not None}


def custom_defaults(kind: str) -> dict[str, Any]:
    """The defaults of the kind's fields (read once by a writer, not per row)."""
    return {d.key: d.default for d in import_columns(kind) if d.default is not None}


def with_defaults(defaults: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """A new record's custom values with the fields' defaults where the file gave none."""
    return {**defaults, **values}


def synonyms_of(definition: FieldDefinition) -> Iterable[str]:
    return tuple(t for t in (definition.label, definition.label_en, definition.key) if t)
