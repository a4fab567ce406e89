"""Forms of the users pages: filters, new user, profile, roles, password reset."""

from __future__ import annotations

from typing import Any, Self

from django import forms
from django.utils.translation import gettext_lazy as _

from atrium.accounts.forms.choices import (
    IdField,
    IdListField,
    department_choices,
    offer,
    role_choices,
)
from atrium.accounts.models import Department, Role


class _ProfileFields(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    display_name = forms.CharField(label=_("Display name"), max_length=100, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    department = IdField(label=_("Department"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.input_type = "email"
        self.fields["phone"].widget.input_type = "tel"

    def profile(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "username": data["username"],
            "display_name": data["display_name"],
            "email": data["email"],
            "phone": data["phone"],
            "department_id": data["department"],
        }

    def offer(self, *, departments: list[Department], roles: list[Role] | None = None) -> Self:
        offer(self, "department", department_choices(departments))
        if roles:
            offer(self, "roles", role_choices(roles))
        elif "roles" in self.fields:
            del self.fields["roles"]
        return self


class UserCreateForm(_ProfileFields):
    roles = IdListField(label=_("Roles"), required=False)
    password = forms.CharField(
        label=_("Initial password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters. Leave empty to let the person set one via “Forgot password”."),
    )

    def values(self) -> dict[str, Any]:
        return {
            **self.profile(),
            "role_ids": self.cleaned_data.get("roles") or [],
            "password": self.cleaned_data["password"] or None,
        }


class UserProfileForm(_ProfileFields):
    version = forms.IntegerField(widget=forms.HiddenInput)


class UserRolesForm(forms.Form):
    roles = IdListField(label=_("Roles"), required=False)

    def offer(self, *, roles: list[Role]) -> Self:
        offer(self, "roles", role_choices(roles))
        return self


class UserPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("The person is signed out everywhere and signs in again with this password."),
    )
