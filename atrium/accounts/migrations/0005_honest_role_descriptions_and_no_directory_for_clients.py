"""The built-in roles of project managers, team members and clients described modules that do not exist yet;
an installation whose admins have not changed a description gets one that says what the role gives today.
The client role loses its view of users: an external person sees their own account, never the company's
directory."""

from django.db import migrations

OLD_TO_NEW = {
    "project_manager": (
        "本人负责的项目及其团队的工作。",
        "公司通讯录、本人的操作日志、通知和本人账户；项目与任务模块上线后管理本人负责的项目。",
    ),
    "team_member": (
        "本人的任务，以及所在的项目和房间。",
        "公司通讯录、通知和本人账户；任务、项目和房间模块上线后可查看本人的任务和所在的项目。",
    ),
    "client": (
        "外部客户：只能看到其参与的房间和项目。",
        "外部客户：只能使用本人账户和通知；项目房间开放后只能看到其参与的房间。",
    ),
}


def forwards(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    RoleGrant = apps.get_model("accounts", "RoleGrant")
    for code, (old, new) in OLD_TO_NEW.items():
        Role.objects.filter(code=code, description=old).update(description=new)
    RoleGrant.objects.filter(role__code="client", kind="user", action="view", scope=1).delete()


def backwards(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    RoleGrant = apps.get_model("accounts", "RoleGrant")
    for code, (old, new) in OLD_TO_NEW.items():
        Role.objects.filter(code=code, description=new).update(description=old)
    for role in Role.objects.filter(code="client"):
        RoleGrant.objects.get_or_create(role=role, kind="user", action="view", defaults={"scope": 1})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_sign_in_failures_and_known_sources")]
    operations = [migrations.RunPython(forwards, backwards)]
