"""Choices of the administration forms, set from lists a selector already loaded (no extra queries), and
the fields that take ids whose validity the services check."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from atrium.accounts.models import Department, Role, User

EMPTY_LABEL = "—"


def department_choices(
    departments: Iterable[Department], *, empty_label: Any = None
) -> list[tuple[str, str]]:
    """Departments indented by their depth in the tree ("　　销售一部")."""
    rows = list(departments)
    top = min((d.depth for d in rows), default=0)
    choices = [(str(d.pk), "\u3000" * (d.depth - top) + d.name) for d in rows]
    return [("", empty_label or EMPTY_LABEL), *choices]


def role_choices(roles: Iterable[Role]) -> list[tuple[str, str]]:
    return [(str(r.pk), r.name) for r in roles]


def user_choices(users: Iterable[User]) -> list[tuple[str, str]]:
    return [("", EMPTY_LABEL), *((str(u.pk), f"{u.name} ({u.username})") for u in users)]


ACTIVE_CHOICES = [("", _("Active and deactivated")), ("1", _("Active")), ("0", _("Deactivated"))]


class IdField(forms.IntegerField):
    """A record id picked from a select; whether the record exists and is in reach is the service's check."""

    widget = forms.Select


class IdListField(forms.Field):
    """Record ids picked with checkboxes."""

    widget = forms.CheckboxSelectMultiple

    def to_python(self, value: Any) -> list[int]:
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        try:
            return sorted({int(v) for v in values})
        except (TypeError, ValueError):
            raise forms.ValidationError(_("Choose from the list."), code="invalid") from None

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")


def offer(form: forms.Form, name: str, choices: list[tuple[str, Any]]) -> None:
    if name in form.fields:
        form.fields[name].widget.choices = choices
