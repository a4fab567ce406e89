"""Reading the operation log (操作日志), scoped to what the user may see; the list itself (page, API,
exports) is the list engine's "operation_log" list (``atrium/accounts/lists.py``).

Scope (kind "operation_log"): own = rows I acted in; department = rows of people in my department and the ones
below it; all = every row. The list is keyset pages ordered by -id and never COUNTs the table.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from atrium.accounts.models import User
from atrium.core.access import require, scope_of, visible
from atrium.core.kinds import Scope
from atrium.core.log_reading import change_lines_of
from atrium.core.models import OperationLog

KIND = "operation_log"


def operation_log_listed(user: Any, action: str) -> QuerySet[OperationLog]:
    """The rows this user may see (``action`` "export" for exports); Forbidden without a grant."""
    require(user, KIND, action)
    return visible(user, KIND, OperationLog.objects.select_related("actor"), action)


def prepare_log_rows(user: Any, rows: list[OperationLog]) -> None:
    """Each row's change lines, names resolved for all the rows at once (through ``core.access``)."""
    lines = change_lines_of(rows, user)
    for row in rows:
        row.change_lines = lines[row.pk]  # type: ignore[attr-defined]


def people_in_log_scope(user: Any) -> QuerySet[User]:
    """The people whose rows this user may see, deactivated ones too (for the person filter)."""
    scope = scope_of(user, KIND, "view")
    people = User.objects.order_by("username")
    if scope == Scope.ALL:
        return people
    if scope == Scope.DEPARTMENT and user.department_id:
        return people.filter(department__path__startswith=user.department.path)
    return people.filter(pk=user.pk) if scope > Scope.NONE else people.none()
