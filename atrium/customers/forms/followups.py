"""The "log follow-up" form: on a customer, a contact or a lead (one of the three ids, sent hidden)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from atrium.customers.forms.parsing import LocalDateTimeField, PickField
from atrium.customers.models import DEFAULT_FOLLOWUP_TYPE, OptionList
from atrium.fields.choice_options import active_choices
from atrium.fields.record_forms import CustomFieldsForm


class FollowUpForm(CustomFieldsForm):
    customer = forms.IntegerField(required=False, widget=forms.HiddenInput)
    contact = forms.IntegerField(required=False, widget=forms.HiddenInput)
    lead = forms.IntegerField(required=False, widget=forms.HiddenInput)
    type = PickField(label=_("Type"), blank=False)
    happened_at = LocalDateTimeField(label=_("Follow-up time"), required=False, help_text=_("Empty: now"))
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.CharField(label=_("Outcome"), max_length=300, required=False)
    next_at = LocalDateTimeField(label=_("Next follow-up"), required=False)
    next_action = forms.CharField(label=_("What to do then"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The active follow-up types, in the list's order; 电话 first unless it was retired.
        choices = active_choices(OptionList.FOLLOWUP_TYPE)
        self.fields["type"].offer(choices)  # type: ignore[attr-defined]
        values = [value for value, _label in choices]
        if self.initial.get("type", DEFAULT_FOLLOWUP_TYPE) not in values and values:
            self.initial["type"] = values[0]

    def values(self) -> dict[str, Any]:
        names = ("type", "happened_at", "content", "outcome", "next_at", "next_action")
        values = {name: self.cleaned_data.get(name) for name in names}
        if values["happened_at"] is None:
            del values["happened_at"]  # the service takes "now"
        custom = self.custom_values()
        if custom is not None:
            values["custom"] = custom
        return values
