"""How custom fields read in the operation log and the timeline: ``custom.<key>`` by the field's label and the
value in words (option labels, ¥, local times, people's names); a definition's own rows by labels too."""

from __future__ import annotations

import time
from typing import Any

from django.utils.translation import gettext_lazy as _

from atrium.accounts.models import Role
from atrium.core.custom_values import PREFIX
from atrium.core.log_fields import PERSON, LogField, register_dynamic_log_fields, register_log_fields
from atrium.fields.models import FieldDefinition, FieldType, Visibility
from atrium.fields.values import value_text

_CACHE_SECONDS = 30.0
_cache: dict[str, Any] = {"at": 0.0, "fields": {}}


def _definition(kind: str, key: str) -> FieldDefinition | None:
    """Definitions (retired ones too: old rows still read) cached briefly: a log page reads many rows."""
    now = time.monotonic()
    if now - _cache["at"] > _CACHE_SECONDS:
        _cache["fields"] = {(d.kind, d.key): d for d in FieldDefinition.objects.all()}
        _cache["at"] = now
    found = _cache["fields"].get((kind, key))
    if found is None:  # created since the cache was filled
        found = FieldDefinition.objects.filter(kind=kind, key=key).first()
        if found is not None:
            _cache["fields"][(kind, key)] = found
    return found


def forget_cached_definitions() -> None:
    _cache["at"] = 0.0


def custom_log_field(kind: str, key: str) -> LogField | None:
    if not key.startswith(PREFIX):
        return None
    definition = _definition(kind, key[len(PREFIX) :])
    if definition is None:
        return LogField(label=_("Custom field %(key)s") % {"key": key[len(PREFIX) :]})
    if definition.field_type == FieldType.PERSON:
        return LogField(label=definition.label, refers_to=PERSON)
    if definition.field_type == FieldType.DEPARTMENT:
        return LogField(label=definition.label, refers_to="department")
    return LogField(label=definition.label, read=lambda value: value_text(definition, value) or "—")


def _options_text(value: Any) -> str:
    if not isinstance(value, list):
        return str(value or "—")
    return (
        "、".join(
            str(o.get("label")) + (f"（{_('retired')}）" if o.get("retired") else "")
            for o in value
            if isinstance(o, dict)
        )
        or "—"
    )


def _visibility_text(value: Any) -> str:
    if not isinstance(value, dict) or not value:
        return str(_("Everyone edits"))
    labels = dict(Visibility.choices)
    roles = dict(Role.objects.filter(code__in=list(value)).values_list("code", "name"))
    return "；".join(f"{roles.get(code, code)}：{labels.get(v, v)}" for code, v in sorted(value.items()))


register_dynamic_log_fields(custom_log_field)
register_log_fields(
    "custom_field",
    key=LogField(label=_("API key")),
    options=LogField(read=_options_text),
    visibility=LogField(read=_visibility_text),
    default=LogField(label=_("Default value")),
)
