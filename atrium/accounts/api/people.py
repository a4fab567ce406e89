"""API of the administration of people and access: users, departments, roles and their grant matrix.

Lists are cursor pages (``{"items": [...], "next_cursor": ...}``, ``limit`` ≤ 200). Edits take the record's
``version``; a stale one answers 409 and changes nothing. Scopes are spelled "none", "own", "department", "all".
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from atrium.accounts.lists import USERS, with_legacy_ordering
from atrium.accounts.models import Department, Role, User
from atrium.accounts.selectors import people
from atrium.accounts.services import (
    department_create,
    department_delete,
    department_update,
    role_create,
    role_delete,
    role_set_grants,
    role_update,
    user_create,
    user_deactivate,
    user_reactivate,
    user_set_password,
    user_set_roles,
    user_update,
)
from atrium.core.api.schemas import ERRORS, CursorPage, InputSchema
from atrium.core.kinds import Scope
from atrium.lists.api import api_list_page, api_params

router = Router(tags=["people"])

ScopeName = Literal["none", "own", "department", "all"]
SCOPE_NAMES: dict[int, str] = {int(s): s.name.lower() for s in Scope}
SCOPE_VALUES: dict[str, int] = {name: value for value, name in SCOPE_NAMES.items()}


# Output --------------------------------------------------------------------------------------------------


class Ref(Schema):
    id: int
    name: str


class UserOut(Schema):
    id: int
    username: str
    display_name: str
    name: str
    email: str
    phone: str
    department: Ref | None
    roles: list[Ref]
    is_active: bool
    is_external: bool
    language: str
    version: int

    @staticmethod
    def resolve_department(obj: User) -> dict[str, Any] | None:
        department = obj.department
        return {"id": department.pk, "name": department.name} if department is not None else None

    @staticmethod
    def resolve_roles(obj: User) -> list[dict[str, Any]]:
        return [{"id": r.pk, "name": r.name} for r in obj.roles.all()]


class DepartmentOut(Schema):
    id: int
    name: str
    parent_id: int | None
    path: str
    head: Ref | None
    sort_order: int
    member_count: int
    version: int

    @staticmethod
    def resolve_head(obj: Department) -> dict[str, Any] | None:
        head = obj.head
        return {"id": head.pk, "name": head.name} if head is not None else None

    @staticmethod
    def resolve_member_count(obj: Department) -> int:
        return getattr(obj, "member_count", 0)


class GrantOut(Schema):
    kind: str
    action: str
    scope: ScopeName


class RoleOut(Schema):
    id: int
    name: str
    code: str
    description: str
    is_system: bool
    is_active: bool
    holder_count: int
    grants: list[GrantOut]
    version: int

    @staticmethod
    def resolve_grants(obj: Role) -> list[dict[str, Any]]:
        return [{"kind": g.kind, "action": g.action, "scope": SCOPE_NAMES[g.scope]} for g in obj.grants.all()]

    @staticmethod
    def resolve_holder_count(obj: Role) -> int:
        return getattr(obj, "holder_count", 0)


# Input ---------------------------------------------------------------------------------------------------


class UserCreateIn(InputSchema):
    username: str = Field(..., max_length=150)
    display_name: str = Field("", max_length=100)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=30)
    department_id: int | None = None
    role_ids: list[int] = []
    password: str | None = None
    is_external: bool = False
    language: str = Field("", max_length=10)


class UserPatchIn(InputSchema):
    version: int
    username: str | None = Field(None, max_length=150)
    display_name: str | None = Field(None, max_length=100)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=30)
    department_id: int | None = None
    is_external: bool | None = None
    language: str | None = Field(None, max_length=10)


class UserRolesIn(InputSchema):
    role_ids: list[int]


class PasswordIn(InputSchema):
    password: str


class DepartmentCreateIn(InputSchema):
    name: str = Field(..., max_length=100)
    parent_id: int | None = None
    head_id: int | None = None
    sort_order: int = Field(0, ge=0)


class DepartmentPatchIn(InputSchema):
    version: int
    name: str | None = Field(None, max_length=100)
    parent_id: int | None = None
    head_id: int | None = None
    sort_order: int | None = Field(None, ge=0)


class GrantIn(InputSchema):
    kind: str
    action: str
    scope: ScopeName


class RoleCreateIn(InputSchema):
    name: str = Field(..., max_length=60)
    code: str = Field("", max_length=60)
    description: str = Field("", max_length=300)
    grants: list[GrantIn] = []


class RolePatchIn(InputSchema):
    version: int
    name: str | None = Field(None, max_length=60)
    description: str | None = Field(None, max_length=300)
    is_active: bool | None = None


class RoleGrantsIn(InputSchema):
    version: int
    grants: list[GrantIn]


def _triples(grants: list[GrantIn]) -> list[tuple[str, str, int]]:
    return [(g.kind, g.action, SCOPE_VALUES[g.scope]) for g in grants]


def _set_fields(payload: Schema, *keep: str) -> dict[str, Any]:
    """Only the fields the caller sent (PATCH semantics), without those named in ``keep``."""
    return {k: v for k, v in payload.dict(exclude_unset=True).items() if k not in keep}


# Users ---------------------------------------------------------------------------------------------------


USERS_PARAMS = api_params(
    USERS, ordering=(str, Field("", description="older name of sort: username, -username, id, -id"))
)


@router.get("/users", response={200: CursorPage[UserOut], **ERRORS}, summary="Users")
def list_users(request: HttpRequest, params: Query[USERS_PARAMS]):  # type: ignore[valid-type]
    return api_list_page(request, USERS, with_legacy_ordering(request.GET))


@router.get("/users/{user_id}", response={200: UserOut, **ERRORS}, summary="One user")
def get_user(request: HttpRequest, user_id: int):
    return people.user_detail(request.user, user_id).user


@router.post("/users", response={201: UserOut, **ERRORS}, summary="Create a user")
def create_user(request: HttpRequest, payload: UserCreateIn):
    user = user_create(actor=request.user, **payload.dict())
    return Status(201, people.user_detail(request.user, user.pk).user)


@router.patch("/users/{user_id}", response={200: UserOut, **ERRORS}, summary="Edit a user's profile")
def patch_user(request: HttpRequest, user_id: int, payload: UserPatchIn):
    user_update(
        actor=request.user, user_id=user_id, version=payload.version, **_set_fields(payload, "version")
    )
    return people.user_detail(request.user, user_id).user


@router.post("/users/{user_id}/deactivate", response={200: UserOut, **ERRORS}, summary="Deactivate a user")
def deactivate_user(request: HttpRequest, user_id: int):
    user_deactivate(actor=request.user, user_id=user_id)
    return people.user_detail(request.user, user_id).user


@router.post("/users/{user_id}/reactivate", response={200: UserOut, **ERRORS}, summary="Reactivate a user")
def reactivate_user(request: HttpRequest, user_id: int):
    user_reactivate(actor=request.user, user_id=user_id)
    return people.user_detail(request.user, user_id).user


@router.put("/users/{user_id}/roles", response={200: UserOut, **ERRORS}, summary="Set a user's roles")
def set_user_roles(request: HttpRequest, user_id: int, payload: UserRolesIn):
    user_set_roles(actor=request.user, user_id=user_id, role_ids=payload.role_ids)
    return people.user_detail(request.user, user_id).user


@router.post("/users/{user_id}/password", response={204: None, **ERRORS}, summary="Set a user's password")
def set_user_password(request: HttpRequest, user_id: int, payload: PasswordIn):
    user_set_password(actor=request.user, user_id=user_id, password=payload.password)
    return Status(204, None)


# Departments ---------------------------------------------------------------------------------------------


@router.get("/departments", response={200: CursorPage[DepartmentOut], **ERRORS}, summary="Departments")
def list_departments(
    request: HttpRequest,
    q: str = "",
    parent: int | None = None,
    cursor: str | None = None,
    limit: int = Query(50, ge=1, le=people.MAX_LIMIT),
):
    return people.departments_page(request.user, q=q, parent_id=parent, cursor=cursor, limit=limit)


@router.get("/departments/{department_id}", response={200: DepartmentOut, **ERRORS}, summary="One department")
def get_department(request: HttpRequest, department_id: int):
    return people.department_detail(request.user, department_id).department


@router.post("/departments", response={201: DepartmentOut, **ERRORS}, summary="Create a department")
def create_department(request: HttpRequest, payload: DepartmentCreateIn):
    department = department_create(actor=request.user, **payload.dict())
    return Status(201, people.department_detail(request.user, department.pk).department)


@router.patch(
    "/departments/{department_id}",
    response={200: DepartmentOut, **ERRORS},
    summary="Rename, move or change the head of a department",
)
def patch_department(request: HttpRequest, department_id: int, payload: DepartmentPatchIn):
    department_update(
        actor=request.user,
        department_id=department_id,
        version=payload.version,
        **_set_fields(payload, "version"),
    )
    return people.department_detail(request.user, department_id).department


@router.delete("/departments/{department_id}", response={204: None, **ERRORS}, summary="Delete a department")
def delete_department(request: HttpRequest, department_id: int):
    department_delete(actor=request.user, department_id=department_id)
    return Status(204, None)


# Roles ---------------------------------------------------------------------------------------------------


@router.get("/roles", response={200: CursorPage[RoleOut], **ERRORS}, summary="Roles with their grants")
def list_roles(
    request: HttpRequest,
    q: str = "",
    cursor: str | None = None,
    limit: int = Query(50, ge=1, le=people.MAX_LIMIT),
):
    return people.roles_page(request.user, q=q, cursor=cursor, limit=limit)


@router.get("/roles/{role_id}", response={200: RoleOut, **ERRORS}, summary="One role with its grants")
def get_role(request: HttpRequest, role_id: int):
    return people.role_detail(request.user, role_id).role


@router.post("/roles", response={201: RoleOut, **ERRORS}, summary="Create a role")
def create_role(request: HttpRequest, payload: RoleCreateIn):
    values = payload.dict()
    role = role_create(actor=request.user, **{**values, "grants": _triples(payload.grants)})
    return Status(201, people.role_detail(request.user, role.pk).role)


@router.patch("/roles/{role_id}", response={200: RoleOut, **ERRORS}, summary="Rename or (de)activate a role")
def patch_role(request: HttpRequest, role_id: int, payload: RolePatchIn):
    role_update(
        actor=request.user, role_id=role_id, version=payload.version, **_set_fields(payload, "version")
    )
    return people.role_detail(request.user, role_id).role


@router.put("/roles/{role_id}/grants", response={200: RoleOut, **ERRORS}, summary="Replace a role's grants")
def set_role_grants(request: HttpRequest, role_id: int, payload: RoleGrantsIn):
    role_set_grants(
        actor=request.user, role_id=role_id, version=payload.version, grants=_triples(payload.grants)
    )
    return people.role_detail(request.user, role_id).role


@router.delete("/roles/{role_id}", response={204: None, **ERRORS}, summary="Delete a role")
def delete_role(request: HttpRequest, role_id: int):
    role_delete(actor=request.user, role_id=role_id)
    return Status(204, None)
