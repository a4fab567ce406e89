"""The lists of this app, declared for the list engine: the users list (系统设置 › 用户: filters by text,
department (and below), role and status; sorted by username or by when people joined) and the operation log
(操作日志: by person, action, kind of record, record, period and text; newest first; its columns and filters
in ``list_columns.py``). Their pages, API lists and exports are the engine's."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from atrium.accounts.forms.choices import ACTIVE_CHOICES
from atrium.accounts.list_columns import OPERATION_LOG_COLUMNS, OPERATION_LOG_FILTERS
from atrium.accounts.models import Role, User
from atrium.accounts.selectors.operation_log import operation_log_listed, prepare_log_rows
from atrium.accounts.selectors.people import role_choices
from atrium.core.access import require, visible
from atrium.lists.cells import Cell, field_cell, link_cell
from atrium.lists.filters import BooleanFilter, ChoiceFilter, DepartmentFilter, TextFilter
from atrium.lists.specs import Column, register_list

# The order older links and API clients asked for with ``ordering=``, as the list engine's ``sort=``.
LEGACY_ORDERINGS = {
    "username": "username",
    "-username": "-username",
    "id": "date_joined",
    "-id": "-date_joined",
}


def with_legacy_ordering(params: QueryDict) -> QueryDict:
    """The query with an older ``ordering=`` turned into ``sort=`` (a ``sort`` given wins)."""
    params = params.copy()
    legacy = params.pop("ordering", [""])[-1]
    if legacy in LEGACY_ORDERINGS and "sort" not in params:
        params["sort"] = LEGACY_ORDERINGS[legacy]
    elif legacy:
        params["ordering"] = legacy  # not an order this list knows: refused, or reported, by name
    return params


def users_listed(user: Any, action: str) -> QuerySet:
    require(user, "user", action)
    base = User.objects.select_related("department").prefetch_related(
        Prefetch("roles", queryset=Role.objects.order_by("id"))
    )
    return visible(user, "user", base, action)


def _roles(person: Any) -> Cell:
    names = [role.name for role in person.roles.all()]
    return Cell(tags=names) if names else Cell(text="—", muted=True)


def _status(person: Any) -> Cell:
    return Cell(text=str(_("Active") if person.is_active else _("Deactivated")), muted=not person.is_active)


def _role_names():
    return lambda person: "、".join(role.name for role in person.roles.all())


def _status_text():
    active, deactivated = str(_("Active")), str(_("Deactivated"))
    return lambda person: active if person.is_active else deactivated


USERS = register_list(
    key="users",
    kind="user",
    title=_("Users"),
    queryset=users_listed,
    columns=[
        Column("name", _("Name"), cell=link_cell("accounts:user_detail")),
        Column("username", _("Username"), sort="username", index="unique"),
        Column(
            "department",
            _("Department"),
            cell=field_cell("department.name"),
            export=lambda: lambda person: person.department.name if person.department else "",
        ),
        Column("roles", _("Roles"), cell=_roles, export=_role_names),
        Column("email", _("E-mail")),
        Column("phone", _("Phone")),
        Column("status", _("Status"), cell=_status, export=_status_text),
        Column("date_joined", _("Created"), sort="id", index="pk"),
    ],
    filters=[
        TextFilter(
            name="q",
            label=_("Search"),
            fields=("username", "display_name", "email", "phone"),
            placeholder=_("Name, username, e-mail or phone"),
        ),
        DepartmentFilter(name="department", label=_("Department"), field="department", kind="user"),
        ChoiceFilter(
            name="role",
            label=_("Role"),
            field="roles__id",
            options=lambda user: [(role.pk, role.name) for role in role_choices(user)],
            empty_label=_("All roles"),
            strict=False,
            integer=True,
        ),
        BooleanFilter(
            name="active",
            label=_("Status"),
            field="is_active",
            empty_label=ACTIVE_CHOICES[0][1],
            yes_label=ACTIVE_CHOICES[1][1],
            no_label=ACTIVE_CHOICES[2][1],
        ),
    ],
    default_sort="username",
    default_columns=["name", "username", "department", "roles", "email", "phone", "status"],
    url_name="accounts:users",
    new_url_name="accounts:user_new",
    new_label=_("New user"),
    empty_text=_("No users match these filters."),
    filtered_empty_text=_("No users match these filters."),
    row_marker=("data-user", lambda person: person.username),
)

OPERATION_LOG = register_list(
    key="operation_log",
    kind="operation_log",
    title=_("Operation log"),
    queryset=operation_log_listed,
    columns=OPERATION_LOG_COLUMNS,
    filters=OPERATION_LOG_FILTERS,
    default_sort="-time",
    url_name="accounts:operation_log",
    url_names={"export": "accounts:operation_log_export"},
    name_column="time",
    prepare=prepare_log_rows,
    counted=False,
    empty_text=_("No operations match these filters."),
    filtered_empty_text=_("No operations match these filters."),
)
