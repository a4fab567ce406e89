"""Reads of the administration of people and access: users, the department tree, roles and their matrix.

Everything goes through ``atrium.core.access``: lists require the "view" right (403 without it), records load
through ``get_visible`` (404 when missing or out of reach), and the ``can_*`` flags say which writes the page
or API may offer on a visible record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext as _

from atrium.accounts.models import Department, Role, RoleGrant, User
from atrium.core.access import can, check_action, get_visible, require, scope_of, visible
from atrium.core.errors import Forbidden, ValidationFailed
from atrium.core.kinds import ACTION_LABELS, ACTIONS, Scope, all_kinds
from atrium.core.pagination import Page, keyset_page

MAX_LIMIT = 200


def _limit(limit: Any) -> int:
    try:
        number = int(limit)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= MAX_LIMIT:
        raise ValidationFailed({"limit": [_("Enter a number from 1 to %(max)d.") % {"max": MAX_LIMIT}]})
    return number


def _allowed(actor: Any, kind: str, action: str, record: Any) -> bool:
    try:
        check_action(actor, kind, action, record)
    except Forbidden:
        return False
    return True


# Users ---------------------------------------------------------------------------------------------------


def _users(actor: Any) -> QuerySet[User]:
    base = User.objects.select_related("department").prefetch_related(
        Prefetch("roles", queryset=Role.objects.order_by("id"))
    )
    return visible(actor, "user", base)


@dataclass
class UserDetail:
    user: User
    can_edit: bool
    can_assign: bool
    departments: list[Department] = field(default_factory=list)  # where an editor may move the user
    roles: list[Role] = field(default_factory=list)  # what an assigner may give


def user_detail(actor: Any, user_id: Any) -> UserDetail:
    user = get_visible(actor, "user", user_id, _users(actor))
    detail = UserDetail(
        user=user,
        can_edit=_allowed(actor, "user", "edit", user),
        can_assign=_allowed(actor, "user", "assign", user),
    )
    if detail.can_edit:
        detail.departments = _departments_in_reach(actor, "edit")
    if detail.can_assign:
        detail.roles = list(Role.objects.filter(is_active=True).order_by("id"))
    return detail


@dataclass
class UserFormOptions:
    """What the user forms offer: the departments a user may be put in and the roles that may be given."""

    departments: list[Department]
    roles: list[Role]
    can_assign: bool


def user_form_options(actor: Any, action: str = "create") -> UserFormOptions:
    """Raises Forbidden without the ``action`` right on users ("create" for the new-user form)."""
    require(actor, "user", action)
    can_assign = can(actor, "user", "assign")
    roles = list(Role.objects.filter(is_active=True).order_by("id")) if can_assign else []
    return UserFormOptions(
        departments=_departments_in_reach(actor, action), roles=roles, can_assign=can_assign
    )


def _departments_in_reach(actor: Any, action: str) -> list[Department]:
    """Departments a user may be placed in by someone with ``action`` on users (the services' rule)."""
    departments = Department.objects.order_by("path")
    if scope_of(actor, "user", action) < Scope.ALL:
        own_path = actor.department.path if actor.department_id else None
        departments = departments.filter(path__startswith=own_path) if own_path else departments.none()
    return list(departments)


# Departments ---------------------------------------------------------------------------------------------


@dataclass
class DepartmentNode:
    department: Department
    children: list[DepartmentNode] = field(default_factory=list)

    @property
    def member_count(self) -> int:
        return getattr(self.department, "member_count", 0)


def _departments(actor: Any) -> QuerySet[Department]:
    return visible(actor, "department", Department.objects.select_related("head", "parent")).annotate(
        member_count=Count("members", distinct=True)
    )


def departments_tree(actor: Any) -> list[DepartmentNode]:
    """Every visible department, nested under its parent (one query). A department whose parent is out of
    the actor's reach is shown as a root."""
    require(actor, "department", "view")
    nodes: dict[int, DepartmentNode] = {}
    roots: list[DepartmentNode] = []
    for department in _departments(actor).order_by("path"):
        node = nodes[department.pk] = DepartmentNode(department)
        parent = nodes.get(department.parent_id) if department.parent_id else None
        (parent.children if parent else roots).append(node)
    for node in nodes.values():
        node.children.sort(key=lambda n: (n.department.sort_order, n.department.name))
    roots.sort(key=lambda n: (n.department.sort_order, n.department.name))
    return roots


def flatten_tree(roots: list[DepartmentNode]) -> list[Department]:
    """The tree in display order (depth-first), for selects."""
    result: list[Department] = []

    def walk(nodes: list[DepartmentNode]) -> None:
        for node in nodes:
            result.append(node.department)
            walk(node.children)

    walk(roots)
    return result


def departments_page(
    actor: Any, *, q: str = "", parent_id: int | None = None, cursor: str | None = None, limit: Any = 50
) -> Page[Department]:
    require(actor, "department", "view")
    qs = _departments(actor)
    if q and q.strip():
        qs = qs.filter(name__icontains=q.strip())
    if parent_id is not None:
        qs = qs.filter(parent_id=parent_id)
    return keyset_page(qs, ["path", "id"], cursor, _limit(limit))


@dataclass
class DepartmentDetail:
    department: Department
    can_edit: bool
    can_delete: bool
    parents: list[Department]  # where it may move: not itself, not below itself
    heads: list[User]


def department_detail(actor: Any, department_id: Any) -> DepartmentDetail:
    department = get_visible(actor, "department", department_id, _departments(actor))
    can_edit = _allowed(actor, "department", "edit", department)
    parents = (
        list(
            visible(actor, "department", action="edit")
            .exclude(path__startswith=department.path)
            .order_by("path")
        )
        if can_edit
        else []
    )
    return DepartmentDetail(
        department=department,
        can_edit=can_edit,
        can_delete=_allowed(actor, "department", "delete", department),
        parents=parents,
        heads=department_head_choices(actor) if can_edit else [],
    )


@dataclass
class DepartmentOverview:
    """The departments page: the tree, and for people who may create, where and with which head."""

    tree: list[DepartmentNode]
    can_create: bool
    parents: list[Department]
    heads: list[User]


def department_overview(actor: Any) -> DepartmentOverview:
    tree = departments_tree(actor)
    can_create = can(actor, "department", "create")
    return DepartmentOverview(
        tree=tree,
        can_create=can_create,
        parents=list(visible(actor, "department", action="create").order_by("path")) if can_create else [],
        heads=department_head_choices(actor) if can_create else [],
    )


def department_head_choices(actor: Any) -> list[User]:
    people = User.objects.filter(is_active=True, is_external=False)
    return list(visible(actor, "user", people).order_by("username"))


# Roles ---------------------------------------------------------------------------------------------------


def _roles(actor: Any) -> QuerySet[Role]:
    return visible(actor, "role", Role.objects.prefetch_related("grants")).annotate(
        holder_count=Count("users", distinct=True)
    )


def roles_page(actor: Any, *, cursor: str | None = None, limit: Any = 50, q: str = "") -> Page[Role]:
    """Roles with their grants (two queries) and how many people hold each."""
    require(actor, "role", "view")
    qs = _roles(actor)
    if q and q.strip():
        qs = qs.filter(name__icontains=q.strip())
    return keyset_page(qs, ["id"], cursor, _limit(limit))


@dataclass
class RoleList:
    page: Page[Role]
    can_create: bool


def role_list(actor: Any, *, cursor: str | None = None, limit: Any = 50) -> RoleList:
    return RoleList(
        page=roles_page(actor, cursor=cursor, limit=limit), can_create=can(actor, "role", "create")
    )


@dataclass
class MatrixCell:
    action: str
    label: str
    scope: Scope | None  # None: the kind has no such action


@dataclass
class MatrixRow:
    kind: str
    label: str
    scoped: bool
    cells: list[MatrixCell]


@dataclass
class RoleDetail:
    role: Role
    matrix: list[MatrixRow]
    can_edit: bool
    can_delete: bool


def role_matrix(grants: list[RoleGrant]) -> list[MatrixRow]:
    """Every registered kind × every action, with the role's scope in each cell the kind supports."""
    scopes = {(g.kind, g.action): Scope(g.scope) for g in grants}
    return [
        MatrixRow(
            kind=kind.key,
            label=str(kind.label),
            scoped=kind.scoped,
            cells=[
                MatrixCell(
                    action=action,
                    label=str(ACTION_LABELS[action]),
                    scope=scopes.get((kind.key, action), Scope.NONE) if action in kind.actions else None,
                )
                for action in ACTIONS
            ],
        )
        for kind in all_kinds()
    ]


def role_detail(actor: Any, role_id: Any) -> RoleDetail:
    role = get_visible(actor, "role", role_id, _roles(actor))
    return RoleDetail(
        role=role,
        matrix=role_matrix(list(role.grants.all())),
        can_edit=can(actor, "role", "edit"),
        can_delete=can(actor, "role", "delete") and not role.is_system,
    )


def role_choices(actor: Any) -> list[Role]:
    """Roles for the users list filter (empty without the right to see roles)."""
    if not can(actor, "role", "view"):
        return []
    return list(visible(actor, "role").order_by("id"))
