"""Forms of the users pages: filters, new user, profile, roles, password reset."""

from __future__ import annotations

from typing import Any, Self

from django import forms
from django.utils.translation import gettext_lazy as _

from atrium.accounts.forms.choices import (
    ACTIVE_CHOICES,
    IdField,
    IdListField,
    department_choices,
    offer,
    role_choices,
)
from atrium.accounts.models import Department, Role
from atrium.accounts.selectors.people import USER_ORDERINGS, UserFilters


class UserFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, username, e-mail or phone")}),
    )
    department = IdField(label=_("Department"), required=False)
    role = IdField(label=_("Role"), required=False)
    active = forms.ChoiceField(label=_("Status"), required=False, choices=ACTIVE_CHOICES)

    def filters(self) -> UserFilters:
        """The filters to apply; an invalid value is ignored."""
        data = self.cleaned_data if self.is_valid() else {}
        active = data.get("active")
        return UserFilters(
            q=data.get("q", ""),
            department_id=data.get("department"),
            role_id=data.get("role"),
            active=None if active in (None, "") else active == "1",
        )

    def offer(self, *, departments: list[Department], roles: list[Role]) -> Self:
        offer(self, "department", department_choices(departments, empty_label=_("All departments")))
        offer(self, "role", [("", _("All roles")), *role_choices(roles)])
        return self


def ordering_of(params: Any) -> str:
    value = params.get("ordering") or "username"
    return value if value in USER_ORDERINGS else "username"


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
