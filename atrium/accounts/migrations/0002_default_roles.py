"""Built-in roles with their grants on the foundation's kinds of record."""

from django.db import migrations

OWN, DEPARTMENT, ALL = 1, 2, 3
EVERYTHING = {
    "user": dict.fromkeys(("view", "create", "edit", "export", "assign"), ALL),
    "department": dict.fromkeys(("view", "create", "edit", "delete"), ALL),
    "role": dict.fromkeys(("view", "create", "edit", "delete"), ALL),
    "operation_log": dict.fromkeys(("view", "export"), ALL),
}
COLLEAGUES = {"user": {"view": ALL}, "department": {"view": ALL}}

DEFAULTS = {
    "admin": EVERYTHING,
    "sales_manager": {**COLLEAGUES, "operation_log": {"view": DEPARTMENT}},
    "sales_rep": COLLEAGUES,
    "service": COLLEAGUES,
    "project_manager": {**COLLEAGUES, "operation_log": {"view": OWN}},
    "team_member": COLLEAGUES,
    "client": {"user": {"view": OWN}},
}


def forwards(apps, schema_editor):
    from atrium.accounts.default_roles import grant_defaults

    grant_defaults(apps, DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
