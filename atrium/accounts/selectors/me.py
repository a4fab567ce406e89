"""Every read of people and access goes through the access layer."""

from __future__ import annotations

from typing import Any


def me_profile(user: Any) -> dict[str, Any]:
    department = user.department if user.department_id else None
    return {
        "id": user.pk,
        "username": user.username,
        "display_name": user.name,
        "email": user.email,
        "phone": user.phone,
        "department": {"id": department.pk, "name": department.name} if department else None,
        "roles": list(user.roles.values_list("name", flat=True)),
        "language": user.language,
        "is_external": user.is_external,
    }
