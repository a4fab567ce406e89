"""The people and departments a person's scope reaches: the owner and department filters, and whom customers
may be transferred to (the transfer service checks the same rule with ``check_assignable``)."""

from __future__ import annotations

from typing import Any

from atrium.accounts.models import Department, User
from atrium.core.access import scope_of
from atrium.core.kinds import Scope


def people_in_scope(user: Any, scope: Scope) -> list[User]:
    """Active staff within a scope around ``user``: everyone, their department and below, or themselves."""
    staff = User.objects.filter(is_active=True, is_external=False).order_by("username")
    if scope == Scope.ALL:
        return list(staff)
    if scope == Scope.DEPARTMENT and user.department_id:
        return list(staff.filter(department__path__startswith=user.department.path))
    return [user] if scope > Scope.NONE else []


def departments_in_scope(user: Any, scope: Scope) -> list[Department]:
    if scope == Scope.ALL:
        return list(Department.objects.order_by("path"))
    if scope == Scope.DEPARTMENT and user.department_id:
        return list(Department.objects.filter(path__startswith=user.department.path).order_by("path"))
    return []


def transfer_candidates(user: Any) -> list[User]:
    """Whom this person may hand customers to."""
    return people_in_scope(user, scope_of(user, "customer", "assign"))
