"""The people directory that core's access layer and authentication read (registered in AppConfig.ready())."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from atrium.accounts.models import Department, RoleGrant, User
from atrium.accounts.services import token_authenticate


class AccountsDirectory:
    def grants_of(self, user: Any) -> Iterable[tuple[str, str, int]]:
        return RoleGrant.objects.filter(role__users=user, role__is_active=True).values_list(
            "kind", "action", "scope"
        )

    def active_staff(self) -> QuerySet:
        return User.objects.filter(is_active=True, is_external=False).order_by("username")

    def departments(self) -> QuerySet:
        return Department.objects.order_by("path")

    def people_in_department(self, path: str) -> QuerySet:
        return User.objects.filter(department__path__startswith=path)

    def user_for_token(self, raw: str) -> Any | None:
        return token_authenticate(raw)

    def preferred_language(self, user: Any) -> str:
        return user.language or ""
