"""The built-in roles and a helper for apps' data migrations to give them default grants on new kinds.

An app that adds a kind of record adds a data migration calling ``grant_defaults(apps, {...})`` so that fresh
and upgraded installations get the same defaults once; admins may change them afterwards.
"""

from __future__ import annotations

from typing import Any

# code: (name in Chinese — the product's first language —, description)
BUILT_IN_ROLES: dict[str, tuple[str, str]] = {
    "admin": ("系统管理员", "All records, all actions, and the administration of Atrium."),
    "sales_manager": ("销售经理", "Sales records of their department and the departments below it."),
    "sales_rep": ("销售代表", "Their own customers and sales records."),
    "service": ("客服", "Their own customers and all service tickets."),
    "project_manager": ("项目经理", "Projects they manage and their teams' work."),
    "team_member": ("团队成员", "Their own tasks and the projects and rooms they belong to."),
    "client": ("客户", "External client: only the rooms and projects they are a member of."),
}

OWN, DEPARTMENT, ALL = 1, 2, 3


def grant_defaults(apps: Any, grants: dict[str, dict[str, dict[str, int]]]) -> None:
    """``grants[role_code][kind][action] = scope``; creates missing built-in roles, never lowers a grant."""
    Role = apps.get_model("accounts", "Role")
    RoleGrant = apps.get_model("accounts", "RoleGrant")
    for code, kinds in grants.items():
        name, description = BUILT_IN_ROLES[code]
        role, _created = Role.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "is_system": True}
        )
        for kind, actions in kinds.items():
            for action, scope in actions.items():
                grant, created = RoleGrant.objects.get_or_create(
                    role=role, kind=kind, action=action, defaults={"scope": scope}
                )
                if not created and grant.scope < scope:
                    grant.scope = scope
                    grant.save(update_fields=["scope"])
