"""The demo company's people: 筑城装饰工程有限公司, its departments and one user per persona."""

from __future__ import annotations

from django.db import transaction

from atrium.accounts.models import Department, Role, User

DEMO_PASSWORD = "atrium-demo"
COMPANY = "筑城装饰工程有限公司"

# (name, parent name)
DEPARTMENTS = [
    (COMPANY, None),
    ("总经办", COMPANY),
    ("销售部", COMPANY),
    ("销售一部", "销售部"),
    ("销售二部", "销售部"),
    ("工程部", COMPANY),
    ("客服部", COMPANY),
]

# username, display name, department, role code, e-mail, phone, external
USERS = [
    ("admin", "系统管理员", "总经办", "admin", "admin@zhucheng.example", "13800000001", False),
    ("manager", "王经理", "销售部", "sales_manager", "manager@zhucheng.example", "13800000002", False),
    ("sales1", "李明", "销售一部", "sales_rep", "sales1@zhucheng.example", "13800000003", False),
    ("sales2", "张华", "销售二部", "sales_rep", "sales2@zhucheng.example", "13800000004", False),
    ("pm", "陈工", "工程部", "project_manager", "pm@zhucheng.example", "13800000005", False),
    ("member", "刘师傅", "工程部", "team_member", "member@zhucheng.example", "13800000006", False),
    ("client", "赵女士", None, "client", "client@customer.example", "13900000007", True),
]


def _department(name: str, parent: Department | None) -> Department:
    department, created = Department.objects.get_or_create(name=name, parent=parent)
    if created or not department.path:
        department.path = f"{parent.path if parent else '/'}{department.pk}/"
        department.save(update_fields=["path"])
    return department


@transaction.atomic
def seed_people() -> dict[str, User]:
    """Idempotent: running it again changes nothing that exists."""
    departments: dict[str, Department] = {}
    for name, parent_name in DEPARTMENTS:
        departments[name] = _department(name, departments.get(parent_name) if parent_name else None)
    users: dict[str, User] = {}
    for username, display, department, role_code, email, phone, external in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                display_name=display,
                email=email,
                phone=phone,
                department=departments.get(department) if department else None,
                is_external=external,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.roles.set([Role.objects.get(code=role_code)])
        users[username] = user
    sales = departments["销售部"]
    if sales.head_id is None:
        sales.head = users["manager"]
        sales.save(update_fields=["head"])
    return users
