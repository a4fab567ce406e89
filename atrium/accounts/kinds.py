"""Kinds of record owned by this app, registered with the access layer."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from atrium.accounts.models import User
from atrium.core.access import NOTHING
from atrium.core.kinds import RecordKind, register_kind


def _path(user) -> str | None:
    return user.department.path if user.department_id else None


def _users_own(user) -> Q:
    return Q(pk=user.pk)


def _users_department(user) -> Q:
    path = _path(user)
    return Q(pk=user.pk) if path is None else Q(department__path__startswith=path) | Q(pk=user.pk)


def _departments_own(user) -> Q:
    return Q(pk=user.department_id) if user.department_id else NOTHING


def _departments_below(user) -> Q:
    path = _path(user)
    return NOTHING if path is None else Q(path__startswith=path)


def _log_department(user) -> Q:
    path = _path(user)
    if path is None:
        return Q(actor_id=user.pk)
    return Q(actor_id__in=User.objects.filter(department__path__startswith=path).values("pk"))


USER = register_kind(
    RecordKind(
        key="user",
        label=_("Users"),
        model="accounts.User",
        owner_field=None,
        own_q=_users_own,
        department_q=_users_department,
        actions=("view", "create", "edit", "export", "assign"),
    )
)
DEPARTMENT = register_kind(
    RecordKind(
        key="department",
        label=_("Departments"),
        model="accounts.Department",
        owner_field=None,
        own_q=_departments_own,
        department_q=_departments_below,
        actions=("view", "create", "edit", "delete"),
    )
)
ROLE = register_kind(
    RecordKind(
        key="role",
        label=_("Roles"),
        model="accounts.Role",
        owner_field=None,
        scoped=False,
        actions=("view", "create", "edit", "delete"),
    )
)
OPERATION_LOG = register_kind(
    RecordKind(
        key="operation_log",
        label=_("Operation log"),
        model="core.OperationLog",
        owner_field="actor",
        department_q=_log_department,
        actions=("view", "export"),
    )
)
API_TOKEN = register_kind(
    RecordKind(
        key="api_token",
        label=_("API tokens"),  # the grant matters for external people: staff always may
        model="accounts.ApiToken",
        owner_field="user",
        scoped=False,
        actions=("create",),
    )
)
