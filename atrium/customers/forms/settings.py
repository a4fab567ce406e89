"""Forms of the customer settings: the pool rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class PoolSettingsForm(forms.Form):
    claim_limit = forms.IntegerField(
        label=_("Most customers one person may own"),
        help_text=_("Claiming from the pool is refused above this number."),
    )
    return_after_days = forms.IntegerField(
        label=_("Return to the pool after days without follow-up"),
        required=False,
        help_text=_("Leave empty to never return customers automatically."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
