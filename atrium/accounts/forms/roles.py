"""Forms of the roles pages: create/edit a role, and its matrix of kinds × actions → scope."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from atrium.accounts.selectors.people import MatrixRow
from atrium.core.kinds import Scope


class RoleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)


class RoleEditForm(RoleForm):
    is_active = forms.BooleanField(label=_("Active"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


# The scope names as the matrix shows them (with a context: "Department" alone is also the field label 部门).
SCOPE_CHOICE_LABELS = {
    Scope.NONE: pgettext_lazy("data scope", "None"),
    Scope.OWN: pgettext_lazy("data scope", "Own"),
    Scope.DEPARTMENT: pgettext_lazy("data scope", "Department"),
    Scope.ALL: pgettext_lazy("data scope", "All"),
}


def _scope_choices(scoped: bool) -> list[tuple[str, Any]]:
    scopes = list(Scope) if scoped else [Scope.NONE, Scope.ALL]
    return [(str(int(s)), SCOPE_CHOICE_LABELS[s]) for s in scopes]


class RoleGrantsForm(forms.Form):
    """One select per cell the kind supports, named "<kind>.<action>"."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, matrix: list[MatrixRow], disabled: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.matrix = matrix
        for row in matrix:
            for cell in row.cells:
                if cell.scope is None:
                    continue
                initial = cell.scope if row.scoped or cell.scope == Scope.NONE else Scope.ALL
                label = f"{row.label} · {cell.label}"
                self.fields[f"{row.kind}.{cell.action}"] = forms.TypedChoiceField(
                    label=label,
                    widget=forms.Select(attrs={"aria-label": label}),  # the matrix shows no <label>
                    choices=_scope_choices(row.scoped),
                    coerce=int,
                    required=False,
                    empty_value="0",
                    initial=str(int(initial)),
                    disabled=disabled,
                )

    def rows(self) -> list[tuple[MatrixRow, list[forms.BoundField | None]]]:
        """The matrix for the template: per kind, the bound select of each action (None where not offered)."""
        return [
            (
                row,
                [self[f"{row.kind}.{cell.action}"] if cell.scope is not None else None for cell in row.cells],
            )
            for row in self.matrix
        ]

    def grants(self) -> list[tuple[str, str, int]]:
        result = []
        for name, value in self.cleaned_data.items():
            if name != "version":
                kind, action = name.split(".", 1)
                result.append((kind, action, int(value)))
        return result
