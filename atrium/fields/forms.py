"""Forms of the custom-fields settings page (the definitions), and the custom fields added to any record form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from atrium.fields.models import FieldDefinition, FieldType, Visibility

TEXTAREA = forms.Textarea(attrs={"rows": 4})
FLAG_NAMES = ("required", "unique", "in_list", "filterable", "sortable", "searchable")


class FieldDefinitionForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=60)
    label_en = forms.CharField(label=_("English label"), max_length=60, required=False)
    field_type = forms.ChoiceField(label=_("Type"), choices=FieldType.choices)
    key = forms.CharField(
        label=_("API key"),
        max_length=40,
        required=False,
        help_text=_("Leave empty to make it from the label (pinyin for Chinese)."),
    )
    options = forms.CharField(
        label=_("Options"), required=False, widget=TEXTAREA, help_text=_("Selects: one option per line.")
    )
    decimal_places = forms.IntegerField(label=_("Decimal places"), required=False, min_value=0, max_value=6)
    help_text = forms.CharField(label=_("Help text"), max_length=200, required=False)
    section = forms.CharField(label=_("Form section"), max_length=40, required=False)
    required = forms.BooleanField(label=_("Required"), required=False)
    unique = forms.BooleanField(label=_("Unique within the kind"), required=False)
    in_list = forms.BooleanField(label=_("Shown in lists by default"), required=False)
    filterable = forms.BooleanField(label=_("Filterable"), required=False, initial=True)
    sortable = forms.BooleanField(label=_("Sortable"), required=False)
    searchable = forms.BooleanField(label=_("Searchable (text)"), required=False)

    def values(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in self.fields if name != "version"}
        if data.get("field_type") not in (FieldType.SELECT, FieldType.MULTI_SELECT):
            data.pop("options", None)
        if data.get("field_type") != FieldType.NUMBER:
            data.pop("decimal_places", None)
        return data


class FieldEditForm(FieldDefinitionForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, roles: list[tuple[str, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.roles = list(roles)
        for code, name in self.roles:
            self.fields[f"visibility.{code}"] = forms.ChoiceField(
                label=_("%(role)s sees it") % {"role": name}, choices=Visibility.choices, required=False
            )

    def values(self) -> dict[str, Any]:
        data = super().values()
        for code, _name in self.roles:
            data.pop(f"visibility.{code}", None)
        data["visibility"] = {
            code: self.cleaned_data.get(f"visibility.{code}") or Visibility.EDITABLE
            for code, _name in self.roles
        }
        return data


def initial_of_definition(definition: FieldDefinition) -> dict[str, Any]:
    initial: dict[str, Any] = {
        name: getattr(definition, name)
        for name in (
            "label",
            "label_en",
            "field_type",
            "key",
            "decimal_places",
            "help_text",
            "section",
            "version",
        )
    }
    initial.update({name: getattr(definition, name) for name in FLAG_NAMES})
    initial["options"] = "\n".join(str(o["label"]) for o in definition.options or [])
    for code, value in (definition.visibility or {}).items():
        initial[f"visibility.{code}"] = value
    return initial
