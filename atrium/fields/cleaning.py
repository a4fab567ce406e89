"""The custom-values handler that ``core.writes`` asks on every create and edit (registered in ``ready()``):
unknown, hidden and retired keys refused, read-only fields refused with 403 naming the field, each value cleaned
by its type (``values.clean_value``), required fields filled when the surface offers them, unique values checked
against the kind's other records. All messages at once, keyed ``custom.<key>``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from atrium.core.custom_values import PREFIX
from atrium.core.errors import Forbidden, ValidationFailed
from atrium.fields.models import Visibility
from atrium.fields.registry import custom_kind
from atrium.fields.search_index import search_keys
from atrium.fields.selectors import definitions_of, field_access
from atrium.fields.uniqueness import taken_message, value_taken
from atrium.fields.values import clean_value, is_empty


class DefinedCustomValues:
    def handles(self, kind: str) -> bool:
        return custom_kind(kind) is not None

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
        definitions = {d.key: d for d in definitions_of(kind)}
        result = dict(current)
        errors: dict[str, list[str]] = {}
        sent = dict(raw or {})
        for key in sent:
            definition = definitions.get(key)
            access = field_access(actor, definition) if definition else Visibility.HIDDEN
            if definition is None or access == Visibility.HIDDEN:
                errors.setdefault("custom", []).append(_("Unknown field: %(key)s.") % {"key": key})
            elif access == Visibility.READ_ONLY and sent[key] != current.get(key):
                raise Forbidden(_("You may not change the field “%(field)s”.") % {"field": definition.label})
        for key, definition in definitions.items():
            editable = field_access(actor, definition) == Visibility.EDITABLE
            if key in sent and editable:
                try:
                    _store(result, key, clean_value(definition, sent[key], current=current.get(key)))
                except ValidationError as exc:
                    errors[PREFIX + key] = list(exc.messages)
                    continue
            elif creating and key not in current and definition.default is not None:
                _store(result, key, definition.default)
            value = result.get(key)
            if raw is not None and editable and definition.required and is_empty(value):
                errors[PREFIX + key] = [_("This field is required.")]
            elif (
                definition.unique and value != current.get(key) and value_taken(definition, value, record_pk)
            ):
                errors[PREFIX + key] = [taken_message(definition)]
        if errors:
            raise ValidationFailed(errors)
        return result

    def search_keys(self, kind: str) -> list[tuple[str, bool]]:
        return search_keys(kind)


def _store(values: dict[str, Any], key: str, value: Any) -> None:
    if is_empty(value):
        values.pop(key, None)
    else:
        values[key] = value
