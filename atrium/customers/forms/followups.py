"""The "log follow-up" form: on a customer, a contact or a lead (one of the three ids, sent hidden)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from atrium.customers.forms.parsing import LocalDateTimeField, PickField
from atrium.customers.models import FollowUpType
from atrium.fields.record_forms import CustomFieldsForm


class FollowUpForm(CustomFieldsForm):
    customer = forms.IntegerField(required=False, widget=forms.HiddenInput)
    contact = forms.IntegerField(required=False, widget=forms.HiddenInput)
    lead = forms.IntegerField(required=False, widget=forms.HiddenInput)
    type = PickField(label=_("Type"), choices=FollowUpType.choices, blank=False)
    happened_at = LocalDateTimeField(label=_("Follow-up time"), required=False, help_text=_("Empty: now"))
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.CharField(label=_("Outcome"), max_length=300, required=False)
    next_at = LocalDateTimeField(label=_("Next follow-up"), required=False)
    next_action = forms.CharField(label=_("What to do then"), max_length=300, required=False)

    def values(self) -> dict[str, Any]:
        names = ("type", "happened_at", "content", "outcome", "next_at", "next_action")
        values = {name: self.cleaned_data.get(name) for name in names}
        if values["happened_at"] is None:
            del values["happened_at"]  # the service takes "now"
        custom = self.custom_values()
        if custom is not None:
            values["custom"] = custom
        return values
