"""Forms of the departments pages: create, and rename/move/change head."""

from __future__ import annotations

from typing import Any, Self

from django import forms
from django.utils.translation import gettext_lazy as _

from atrium.accounts.forms.choices import IdField, department_choices, offer, user_choices
from atrium.accounts.models import Department, User


class DepartmentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    parent = IdField(label=_("Parent department"), required=False)
    head = IdField(label=_("Head"), required=False)

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"name": data["name"], "parent_id": data["parent"], "head_id": data["head"]}

    def offer(self, *, parents: list[Department], heads: list[User]) -> Self:
        offer(self, "parent", department_choices(parents, empty_label=_("(top level)")))
        offer(self, "head", user_choices(heads))
        return self


class DepartmentEditForm(DepartmentForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
