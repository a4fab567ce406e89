"""The built-in roles' descriptions were written in English while their names are Chinese; an installation
whose admins have not changed a description gets the Chinese one."""

from django.db import migrations

ENGLISH_TO_CHINESE = {
    "admin": (
        "All records, all actions, and the administration of Atrium.",
        "全部记录、全部操作，以及系统管理。",
    ),
    "sales_manager": (
        "Sales records of their department and the departments below it.",
        "本部门及下级部门的销售记录。",
    ),
    "sales_rep": ("Their own customers and sales records.", "本人的客户和销售记录。"),
    "service": ("Their own customers and all service tickets.", "本人的客户和全部服务工单。"),
    "project_manager": ("Projects they manage and their teams' work.", "本人负责的项目及其团队的工作。"),
    "team_member": (
        "Their own tasks and the projects and rooms they belong to.",
        "本人的任务，以及所在的项目和房间。",
    ),
    "client": (
        "External client: only the rooms and projects they are a member of.",
        "外部客户：只能看到其参与的房间和项目。",
    ),
}


def forwards(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, (english, chinese) in ENGLISH_TO_CHINESE.items():
        Role.objects.filter(code=code, description=english).update(description=chinese)


def backwards(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, (english, chinese) in ENGLISH_TO_CHINESE.items():
        Role.objects.filter(code=code, description=chinese).update(description=english)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_default_roles")]
    operations = [migrations.RunPython(forwards, backwards)]
