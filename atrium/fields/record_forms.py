"""Custom fields on any record form, from the definitions alone: ``form.with_custom(user, kind, record)`` adds a
form field ``custom.<key>`` per field the person may see (read-only ones disabled, hidden ones absent), with the
record's values; ``custom_values()`` gives the service what was typed (the service cleans and checks it, so
pages, API and import say the same thing). Errors keyed ``custom.<key>`` land beside their field."""

from __future__ import annotations

import datetime
from typing import Any, Self

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atrium.accounts.models import Department, User
from atrium.core.custom_values import PREFIX
from atrium.core.directory import directory
from atrium.fields.models import FieldDefinition, FieldType, Visibility
from atrium.fields.selectors import field_access, visible_definitions
from atrium.fields.values import value_text

EMPTY = ("", "—")


def _choices(definition: FieldDefinition, current: Any) -> list[tuple[str, str]]:
    kept = set(current if isinstance(current, list) else [current])
    return [
        (str(o["value"]), str(o["label"]))
        for o in definition.options or []
        if not o.get("retired") or str(o["value"]) in kept
    ]


def form_field(definition: FieldDefinition, current: Any, *, editable: bool) -> forms.Field:
    """The form field of one custom field (the widget a person expects for its type)."""
    common: dict[str, Any] = {
        "label": definition.label,
        "required": definition.required and editable,
        "help_text": definition.help_text,
        "disabled": not editable,
    }
    kind = definition.field_type
    if kind == FieldType.LONG_TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)
    if kind in (FieldType.NUMBER, FieldType.MONEY, FieldType.PERCENT):
        return forms.CharField(widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common)
    if kind == FieldType.DATE:
        return forms.CharField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind == FieldType.DATETIME:
        return forms.CharField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), **common)
    if kind == FieldType.BOOLEAN:
        return forms.ChoiceField(choices=[EMPTY, ("true", _("Yes")), ("false", _("No"))], **common)
    if kind == FieldType.SELECT:
        return forms.ChoiceField(choices=[EMPTY, *_choices(definition, current)], **common)
    if kind == FieldType.MULTI_SELECT:
        return forms.MultipleChoiceField(
            choices=_choices(definition, current), widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == FieldType.PERSON:
        people = directory().active_staff()
        return forms.ChoiceField(choices=[EMPTY, *((str(p.pk), p.name) for p in people)], **common)
    if kind == FieldType.DEPARTMENT:
        departments = Department.objects.order_by("path")
        return forms.ChoiceField(choices=[EMPTY, *((str(d.pk), d.name) for d in departments)], **common)
    field = forms.CharField(**common)
    input_types: dict[str, str] = {FieldType.PHONE: "tel", FieldType.EMAIL: "email", FieldType.URL: "url"}
    field.widget.input_type = input_types.get(str(kind), "text")  # type: ignore[attr-defined]
    return field


def initial_value(definition: FieldDefinition, value: Any) -> Any:
    """A stored value as the form shows it."""
    if value is None:
        return None
    if definition.field_type == FieldType.BOOLEAN:
        return "true" if value else "false"
    if definition.field_type == FieldType.DATETIME:
        moment = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")
    if definition.field_type in (FieldType.PERSON, FieldType.DEPARTMENT, FieldType.SELECT):
        return str(value)
    return value


class CustomFieldsForm(forms.Form):
    """A record form that offers custom fields (mixed into the kinds' forms)."""

    custom_definitions: list[FieldDefinition]

    def with_custom(self, user: Any, kind: str, record: Any = None) -> Self:
        self.custom_definitions = []
        current = getattr(record, "custom", None) or {}
        for definition in visible_definitions(user, kind):
            editable = field_access(user, definition) == Visibility.EDITABLE
            name = PREFIX + definition.key
            self.fields[name] = form_field(definition, current.get(definition.key), editable=editable)
            if record is not None:
                self.initial[name] = initial_value(definition, current.get(definition.key))
            if editable:
                self.custom_definitions.append(definition)
        return self

    def custom_values(self) -> dict[str, Any] | None:
        """What was typed in the custom fields (None when the form offers none)."""
        if not hasattr(self, "custom_definitions"):
            return None
        return {d.key: self.cleaned_data.get(PREFIX + d.key) for d in self.custom_definitions}


def custom_display(user: Any, kind: str, record: Any) -> list[tuple[str, str]]:
    """(label, value in words) of the custom fields the person may see on a record page, filled ones only."""
    return custom_display_many(user, kind, [record]).get(record.pk, [])


def custom_display_many(user: Any, kind: str, records: Any) -> dict[Any, list[tuple[str, str]]]:
    """``custom_display`` of many records (a timeline's follow-ups): the definitions read once, the people and
    departments named by one query each."""
    definitions = visible_definitions(user, kind)
    wanted: dict[str, set[int]] = {FieldType.PERSON: set(), FieldType.DEPARTMENT: set()}
    for record in records:
        custom = getattr(record, "custom", None) or {}
        for definition in definitions:
            value = custom.get(definition.key)
            if definition.field_type in wanted and isinstance(value, int):
                wanted[definition.field_type].add(value)
    names: dict[tuple[str, int], str] = {}
    if wanted[FieldType.PERSON]:
        for person in User.objects.filter(pk__in=wanted[FieldType.PERSON]):
            names[(FieldType.PERSON, person.pk)] = person.name
    if wanted[FieldType.DEPARTMENT]:
        for pk, name in Department.objects.filter(pk__in=wanted[FieldType.DEPARTMENT]).values_list(
            "pk", "name"
        ):
            names[(FieldType.DEPARTMENT, pk)] = name
    shown: dict[Any, list[tuple[str, str]]] = {}
    for record in records:
        custom = getattr(record, "custom", None) or {}
        shown[record.pk] = [
            (definition.label, value_text(definition, custom[definition.key], names))
            for definition in definitions
            if custom.get(definition.key) not in (None, "", [])
        ]
    return shown
