"""The registry of kinds of record that roles grant actions on.

Each app registers its kinds in its AppConfig.ready(); the access layer, the role editor and the operation log
read them from here, so a new app plugs in without touching accounts or core.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from django.apps import apps
from django.db.models import Model, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Scope(IntEnum):
    """How far a grant reaches. A user with several roles gets the widest scope among them."""

    NONE = 0
    OWN = 1
    DEPARTMENT = 2
    ALL = 3

    @property
    def label(self) -> str:
        return str(SCOPE_LABELS[self])


SCOPE_LABELS: dict[Scope, Promise] = {
    Scope.NONE: _("None"),
    Scope.OWN: _("Own"),
    Scope.DEPARTMENT: _("Department"),
    Scope.ALL: _("All"),
}

ACTIONS: tuple[str, ...] = ("view", "create", "edit", "delete", "import", "export", "assign")
ACTION_LABELS: dict[str, Promise] = {
    "view": _("View"),
    "create": _("Create"),
    "edit": _("Edit"),
    "delete": _("Delete"),
    "import": _("Import"),
    "export": _("Export"),
    "assign": _("Assign"),
}

UserQ = Callable[[Any], Q]  # the person (the directory's user model) → their records


@dataclass(frozen=True)
class RecordKind:
    """A kind of record, e.g. "customer".

    ``owner_field`` names the FK to the owning user ("own" scope). The "department" scope covers records whose
    owner belongs to the user's department or one below it, unless ``department_field`` names a FK to a
    department on the record itself. ``own_q``/``department_q`` replace those rules for kinds that need others
    (the user record itself, departments). ``member_q`` grants viewing (only viewing) to members (rooms, projects,
    a customer's collaborators) whatever their role's scope. ``scoped=False`` kinds (roles, settings) are all-or-nothing: any scope means all.
    """

    key: str
    label: Promise | str
    model: str
    owner_field: str | None = "owner"
    department_field: str | None = None
    own_q: UserQ | None = None
    department_q: UserQ | None = None
    member_q: UserQ | None = None
    scoped: bool = True
    actions: tuple[str, ...] = field(default=ACTIONS)

    @property
    def model_class(self) -> type[Model]:
        return apps.get_model(self.model)


_kinds: dict[str, RecordKind] = {}


def register_kind(kind: RecordKind) -> RecordKind:
    existing = _kinds.get(kind.key)
    if existing is not None and existing != kind:
        raise ValueError(f"record kind {kind.key!r} is registered twice with different definitions")
    _kinds[kind.key] = kind
    return kind


def get_kind(key: str) -> RecordKind:
    try:
        return _kinds[key]
    except KeyError:
        raise LookupError(f"unknown record kind {key!r}") from None


def all_kinds() -> list[RecordKind]:
    return list(_kinds.values())


def kind_of_instance(instance: Any) -> RecordKind | None:
    label = instance._meta.label
    for kind in _kinds.values():
        if kind.model == label:
            return kind
    return None
