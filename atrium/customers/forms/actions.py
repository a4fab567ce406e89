"""Forms of the customer actions: transfer to another owner, merge with another customer."""

from __future__ import annotations

from typing import Any, Self

from django import forms
from django.utils.translation import gettext_lazy as _

from atrium.customers.forms.parsing import EMPTY_CHOICE


class TransferForm(forms.Form):
    to_user = forms.IntegerField(label=_("New owner"), widget=forms.Select)

    def offer(self, users: list[Any]) -> Self:
        choices = [(str(u.pk), f"{u.name} ({u.username})") for u in users]
        self.fields["to_user"].widget.choices = [EMPTY_CHOICE, *choices]
        return self


class MergeSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find the other customer"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Customer name or number")}),
    )

    def text(self) -> str:
        return self.cleaned_data.get("q", "").strip() if self.is_valid() else ""


class MergeForm(forms.Form):
    other = forms.IntegerField(widget=forms.HiddenInput)
