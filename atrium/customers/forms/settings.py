"""Forms of the customer settings: the industry and source lists, and the pool rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from atrium.customers.models import OptionList


class OptionNewForm(forms.Form):
    list = forms.ChoiceField(choices=OptionList.choices, widget=forms.HiddenInput)
    value = forms.CharField(label=_("New option"), max_length=64)


class OptionRenameForm(forms.Form):
    value = forms.CharField(label=_("Name"), max_length=64)


class OptionMoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


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
