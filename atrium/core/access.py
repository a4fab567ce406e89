"""The one access layer: (user, kind, action) → which records.

Every read that returns records to a user (pages, API, search, exports, reports, websockets, downloads) filters
through ``visible()`` or loads through ``get_visible()``. Rules:

- missing and not visible both raise NotFound (404);
- visible but the action is not granted on that record raises Forbidden (403);
- a user's grants are the union of their roles' grants, the widest scope winning; they are loaded once per
  user object (one query) and cached on it.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from atrium.core.directory import directory
from atrium.core.errors import Forbidden, NotFound
from atrium.core.kinds import RecordKind, Scope, get_kind

M = TypeVar("M", bound=Model)

NOTHING = Q(pk__in=[])
_CACHE_ATTR = "_atrium_grants"
_COLLEAGUES_ATTR = "_atrium_colleagues"


def _grants(user: Any) -> dict[tuple[str, str], Scope]:
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    grants: dict[tuple[str, str], Scope] = {}
    if user is not None and user.is_authenticated and user.is_active and user.pk is not None:
        for kind, action, scope in directory().grants_of(user):
            key = (kind, action)
            grants[key] = max(grants.get(key, Scope.NONE), Scope(scope))
    if user is not None and getattr(user, "pk", None) is not None:
        setattr(user, _CACHE_ATTR, grants)
    return grants


def forget_grants(user: Any) -> None:
    """Drop the cached grants and colleagues (after the user's roles or department change in the same
    request)."""
    for attr in (_CACHE_ATTR, _COLLEAGUES_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def scope_of(user: Any, kind: str | RecordKind, action: str) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope.NONE
    record_kind = get_kind(kind) if isinstance(kind, str) else kind
    if user.is_superuser:
        return Scope.ALL
    scope = _grants(user).get((record_kind.key, action), Scope.NONE)
    if not record_kind.scoped and scope > Scope.NONE:
        return Scope.ALL
    return scope


def can(user: Any, kind: str | RecordKind, action: str) -> bool:
    """True when the user holds the action on at least their own records of this kind."""
    return scope_of(user, kind, action) > Scope.NONE


def _department_path(user: Any) -> str | None:
    department = getattr(user, "department", None) if user.department_id else None
    return department.path if department is not None else None


def reaches(user: Any, scope: Scope, person: Any) -> bool:
    """Whether a grant of ``scope`` held by ``user`` reaches ``person`` (to assign a record to them): all
    reaches everyone, department the people of the user's department and below, own the user alone."""
    if person is None or scope == Scope.NONE:
        return False
    if scope == Scope.ALL or person.pk == user.pk:
        return True
    if scope != Scope.DEPARTMENT:
        return False
    path, theirs = _department_path(user), _department_path(person)
    return path is not None and theirs is not None and theirs.startswith(path)


def people_reached(user: Any, scope: Scope) -> QuerySet:
    """The active staff a grant of ``scope`` reaches (the same rule as ``reaches``), by username."""
    staff = directory().active_staff()
    path = _department_path(user) if scope == Scope.DEPARTMENT else None
    if scope == Scope.ALL:
        return staff
    if path is not None:
        return staff.filter(Q(department__path__startswith=path) | Q(pk=user.pk))
    return staff.filter(pk=user.pk) if scope > Scope.NONE else staff.none()


def departments_reached(user: Any, scope: Scope) -> QuerySet:
    """The departments a grant of ``scope`` reaches: all of them, or the user's and those below it."""
    departments = directory().departments()
    if scope == Scope.ALL:
        return departments
    path = _department_path(user) if scope == Scope.DEPARTMENT else None
    return departments.filter(path__startswith=path) if path is not None else departments.none()


def _own_q(kind: RecordKind, user: Any) -> Q:
    if kind.own_q is not None:
        return kind.own_q(user)
    if kind.owner_field is None:
        return NOTHING
    return Q(**{f"{kind.owner_field}_id": user.pk})


def _department_q(kind: RecordKind, user: Any) -> Q:
    if kind.department_q is not None:
        return kind.department_q(user)
    path = _department_path(user)
    if path is None:
        return _own_q(kind, user)
    if kind.department_field is not None:
        return Q(**{f"{kind.department_field}__path__startswith": path}) | _own_q(kind, user)
    if kind.owner_field is None:
        return NOTHING
    return Q(**{f"{kind.owner_field}_id__in": _colleague_ids(user, path)})


def _colleague_ids(user: Any, path: str) -> list[int]:
    """The people of the user's department and below, as literals rather than a sub-select: the database can
    then walk the owner index once per person instead of checking every row (cached like the grants)."""
    cached = getattr(user, _COLLEAGUES_ATTR, None)
    if cached is None:
        cached = list(directory().people_in_department(path).values_list("pk", flat=True))
        setattr(user, _COLLEAGUES_ATTR, cached)
    return cached


def scope_q(user: Any, kind: str | RecordKind, action: str = "view", *, members: bool = True) -> Q | None:
    """The filter for the records this user may act on; None means no restriction. ``members=False`` leaves
    out what ``member_q`` adds (for a list that adds the member records it wants itself)."""
    record_kind = get_kind(kind) if isinstance(kind, str) else kind
    scope = scope_of(user, record_kind, action)
    if scope == Scope.ALL:
        return None
    if scope == Scope.DEPARTMENT:
        q = _department_q(record_kind, user)
    elif scope == Scope.OWN:
        q = _own_q(record_kind, user)
    else:
        q = NOTHING
    if (
        members
        and action == "view"
        and record_kind.member_q is not None
        and user is not None
        and user.is_authenticated
        and user.is_active
    ):
        q = q | record_kind.member_q(user)
    return q


def visible(
    user: Any,
    kind: str | RecordKind,
    queryset: QuerySet[M] | None = None,
    action: str = "view",
    *,
    members: bool = True,
):
    """The records of ``kind`` this user may see (or, with ``action``, act on)."""
    record_kind = get_kind(kind) if isinstance(kind, str) else kind
    qs = queryset if queryset is not None else record_kind.model_class._default_manager.all()
    q = scope_q(user, record_kind, action, members=members)
    return qs if q is None else qs.filter(q)


def get_visible(user: Any, kind: str | RecordKind, pk: Any, queryset: QuerySet[M] | None = None) -> M:
    """Load one record the user may see, else NotFound (missing and forbidden look the same)."""
    qs = visible(user, kind, queryset)
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def check_action(user: Any, kind: str | RecordKind, action: str, record: Model) -> None:
    """Raise Forbidden unless ``action`` is granted on this (already visible) record."""
    record_kind = get_kind(kind) if isinstance(kind, str) else kind
    q = scope_q(user, record_kind, action)
    if q is None:
        return
    if q == NOTHING or not record_kind.model_class._default_manager.filter(q, pk=record.pk).exists():
        raise Forbidden()


def may(user: Any, kind: str | RecordKind, action: str, record: Model) -> bool:
    """Whether ``action`` is granted on this (already visible) record: what a page asks to show a button."""
    try:
        check_action(user, kind, action, record)
    except Forbidden:
        return False
    return True


def get_for_action(user: Any, kind: str | RecordKind, pk: Any, action: str, queryset=None):
    """Load a record for an action: 404 when the user cannot see it, 403 when they see it but may not act."""
    record = get_visible(user, kind, pk, queryset)
    check_action(user, kind, action, record)
    return record


def require(user: Any, kind: str | RecordKind, action: str) -> Scope:
    """For actions without a record yet (create, import, list): Forbidden unless granted at some scope."""
    scope = scope_of(user, kind, action)
    if scope == Scope.NONE:
        raise Forbidden()
    return scope
