"""The built-in roles and a helper for apps' data migrations to give them default grants on new kinds.

An app that adds a kind of record adds a data migration calling ``grant_defaults(apps, {...})`` so that fresh
and upgraded installations get the same defaults once; admins may change them afterwards.
"""

from __future__ import annotations

from typing import Any

# code: (name, description), in Chinese — the product's first language —, stored as data that admins may edit
BUILT_IN_ROLES: dict[str, tuple[str, str]] = {
    "admin": ("系统管理员", "全部记录、全部操作，以及系统管理。"),
    "sales_manager": ("销售经理", "本部门及下级部门的销售记录。"),
    "sales_rep": ("销售代表", "本人的客户和销售记录。"),
    "service": ("客服", "本人的客户和全部服务工单。"),
    "finance": ("财务", "全部合同、回款计划、回款和发票；只读查看客户和商机。"),
    "project_manager": (
        "项目经理",
        "公司通讯录、本人的操作日志、通知和本人账户；项目与任务模块上线后管理本人负责的项目。",
    ),
    "team_member": (
        "团队成员",
        "公司通讯录、通知和本人账户；任务、项目和房间模块上线后可查看本人的任务和所在的项目。",
    ),
    "client": ("客户", "外部客户：只能使用本人账户和通知；项目房间开放后只能看到其参与的房间。"),
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
