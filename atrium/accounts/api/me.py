"""API of people and access: /me, and (for admins) users, departments and roles."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from atrium.accounts.selectors.me import me_profile
from atrium.core.api.schemas import ERRORS

router = Router(tags=["people"])


class DepartmentRef(Schema):
    id: int
    name: str


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    email: str
    phone: str
    department: DepartmentRef | None
    roles: list[str]
    language: str
    is_external: bool


@router.get("/me", response={200: MeOut, **ERRORS}, summary="The signed-in user")
def me(request: HttpRequest):
    return me_profile(request.user)
