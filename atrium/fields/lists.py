"""Custom fields in every list of a kind that has them, from the definitions alone (registered with the list
engine): a column per field the viewer may see (value in words; sortable when the field is), and a filter per
filterable field — ``custom.<key>=`` (contains for text, equals for the others), ``custom.<key>__in=a,b``,
``custom.<key>__gte=`` / ``__lte=`` for numbers, money, percent and dates."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atrium.accounts.models import Department, User
from atrium.core.custom_values import PREFIX
from atrium.fields.models import FieldDefinition, FieldType
from atrium.fields.registry import custom_kind
from atrium.fields.selectors import visible_definitions_cached
from atrium.fields.values import value_text
from atrium.lists.cells import Cell
from atrium.lists.filters import Choices, Errors, ListFilter, text_param
from atrium.lists.specs import Column, ListSpec, register_column_source, register_filter_source

RANGED = (FieldType.NUMBER, FieldType.MONEY, FieldType.PERCENT, FieldType.DATE, FieldType.DATETIME)
NUMERIC = (FieldType.NUMBER, FieldType.MONEY, FieldType.PERCENT)
TEXTUAL = (FieldType.TEXT, FieldType.LONG_TEXT, FieldType.PHONE, FieldType.EMAIL, FieldType.URL)
MAX_IN = 50


def _definitions(spec: ListSpec, viewer: Any) -> list[FieldDefinition]:
    if custom_kind(spec.record_kind) is None:
        return []
    return visible_definitions_cached(viewer, spec.record_kind)


def _names_of(definition: FieldDefinition) -> dict[int, str]:
    if definition.field_type == FieldType.PERSON:
        return {u.pk: u.name for u in User.objects.all()}
    if definition.field_type == FieldType.DEPARTMENT:
        return dict(Department.objects.values_list("pk", "name"))
    return {}


def _cell(definition: FieldDefinition) -> Any:
    names: dict[int, str] | None = None

    def make(record: Any) -> Cell:
        nonlocal names
        value = (getattr(record, "custom", None) or {}).get(definition.key)
        if definition.field_type in (FieldType.PERSON, FieldType.DEPARTMENT) and value is not None:
            if names is None:
                names = _names_of(definition)
            return Cell(text=names.get(int(value), "—"))
        text = value_text(definition, value)
        return Cell(text=text or "—", muted=not text)

    return make


def _export(definition: FieldDefinition) -> Any:
    def values() -> Any:
        names = _names_of(definition)

        def value(record: Any) -> Any:
            stored = (getattr(record, "custom", None) or {}).get(definition.key)
            if stored is None:
                return ""
            if definition.field_type in NUMERIC:
                return stored
            if names:
                return names.get(int(stored), "")
            return value_text(definition, stored)

        return value

    return values


def custom_columns(spec: ListSpec, viewer: Any) -> list[Column]:
    return [
        Column(
            PREFIX + d.key,
            d.label,
            cell=_cell(d),
            export=_export(d),
            sort=f"custom__{d.key}" if d.sortable else None,
            index=f"custom field {d.key}" if d.sortable else "",
            shown_by_default=d.in_list,
        )
        for d in _definitions(spec, viewer)
    ]


@dataclass(frozen=True, kw_only=True)
class CustomFieldFilter(ListFilter):
    definition: FieldDefinition

    @property
    def template(self) -> str:  # type: ignore[override]
        kind = self.definition.field_type
        if kind in RANGED:
            return "fields/filters/_range.html"
        if kind in TEXTUAL:
            return "lists/filters/_text.html"
        return "lists/filters/_select.html"

    @property
    def empty_label(self) -> Any:
        return _("All")

    @property
    def params(self) -> tuple[str, ...]:
        if self.definition.field_type in RANGED:
            return (f"{self.name}__gte", self.name, f"{self.name}__in", f"{self.name}__lte")
        return (self.name, f"{self.name}__in")

    def _one(self, raw: str, key: str, errors: Errors) -> Any:
        kind = self.definition.field_type
        try:
            if kind in NUMERIC:
                number = decimal.Decimal(raw)
                if not number.is_finite():
                    raise decimal.InvalidOperation
                return float(number) if number != number.to_integral_value() else int(number)
            if kind == FieldType.DATE:
                return datetime.date.fromisoformat(raw[:10]).isoformat()
            if kind == FieldType.DATETIME:
                return datetime.date.fromisoformat(raw[:10])
            if kind == FieldType.BOOLEAN:
                if raw.lower() not in ("1", "0", "true", "false"):
                    raise ValueError
                return raw.lower() in ("1", "true")
            if kind in (FieldType.PERSON, FieldType.DEPARTMENT):
                return int(raw)
        except (ValueError, decimal.InvalidOperation):
            errors.setdefault(key, []).append(str(_("Choose a valid value.")))
            return None
        if kind in (FieldType.SELECT, FieldType.MULTI_SELECT) and raw not in self.definition.option_labels():
            errors.setdefault(key, []).append(str(_("Choose a valid value.")))
            return None
        return raw

    def parse(self, params: Mapping[str, Any], errors: Errors) -> Any:
        value: dict[str, Any] = {}
        for key in self.params:
            raw = text_param(params, key, 400 if key.endswith("__in") else 100)
            if not raw:
                continue
            op = key[len(self.name) :].lstrip("_") or "eq"
            if op == "in":
                parts = [p.strip() for p in raw.split(",") if p.strip()][:MAX_IN]
                found = [self._one(p, key, errors) for p in parts]
                if None not in found:
                    value["in"] = found
            else:
                one = (
                    raw
                    if op == "eq" and self.definition.field_type in TEXTUAL
                    else self._one(raw, key, errors)
                )
                if one is not None:
                    value[op] = one
        return value or None

    def _bound(self, day: Any, end: bool) -> str:
        """A local day as the UTC ISO text date-times are stored in (start of the day, or of the next)."""
        moment = timezone.make_aware(
            datetime.datetime.combine(day + datetime.timedelta(days=int(end)), datetime.time.min)
        )
        return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def _equals(self, value: Any) -> Q:
        path = f"custom__{self.definition.key}"
        kind = self.definition.field_type
        if kind in TEXTUAL:
            return Q(**{f"{path}__icontains": value})
        if kind == FieldType.DATETIME:
            return Q(**{f"{path}__gte": self._bound(value, False), f"{path}__lt": self._bound(value, True)})
        if kind == FieldType.MULTI_SELECT:
            if connection.vendor == "postgresql":
                return Q(custom__contains={self.definition.key: [value]})
            return Q(**{f"{path}__icontains": f'"{value}"'})
        if connection.vendor == "postgresql":
            return Q(custom__contains={self.definition.key: value})  # served by the GIN index of custom
        return Q(**{path: value})

    def q(self, value: Any) -> Q:
        path = f"custom__{self.definition.key}"
        q = Q()
        if "eq" in value:
            q &= self._equals(value["eq"])
        if "in" in value:
            alternatives = Q()
            for one in value["in"]:
                alternatives |= self._equals(one)
            q &= alternatives
        if "gte" in value:
            bound = (
                self._bound(value["gte"], False)
                if self.definition.field_type == FieldType.DATETIME
                else value["gte"]
            )
            q &= Q(**{f"{path}__gte": bound})
        if "lte" in value:
            if self.definition.field_type == FieldType.DATETIME:
                q &= Q(**{f"{path}__lt": self._bound(value["lte"], True)})
            else:
                q &= Q(**{f"{path}__lte": value["lte"]})
        return q

    def to_params(self, value: Any) -> dict[str, str]:
        params = {}
        for op, one in value.items():
            key = self.name if op == "eq" else f"{self.name}__{op}"
            params[key] = (
                ",".join(str(v) for v in one)
                if op == "in"
                else str(one).lower()
                if isinstance(one, bool)
                else str(one)
            )
        return params

    def choices(self, user: Any, value: Any) -> Choices:
        kind = self.definition.field_type
        if kind in (FieldType.SELECT, FieldType.MULTI_SELECT):
            return [(str(o["value"]), str(o["label"])) for o in self.definition.options or []]
        if kind == FieldType.BOOLEAN:
            return [("1", str(_("Yes"))), ("0", str(_("No")))]
        if kind in (FieldType.PERSON, FieldType.DEPARTMENT):
            return [
                (str(pk), name) for pk, name in sorted(_names_of(self.definition).items(), key=lambda i: i[1])
            ]
        return []


def custom_filters(spec: ListSpec, viewer: Any) -> list[ListFilter]:
    return [
        CustomFieldFilter(name=PREFIX + d.key, label=d.label, definition=d)
        for d in _definitions(spec, viewer)
        if d.filterable
    ]


register_column_source(custom_columns)
register_filter_source(custom_filters)
