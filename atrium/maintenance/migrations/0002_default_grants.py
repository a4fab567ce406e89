"""Default grants of the maintenance pages: the admin role may view and download backups, and view the system
status and send its test e-mail. Other roles get nothing (admins may grant it afterwards)."""

from django.db import migrations

ALL = 3
DEFAULTS = {
    "admin": {
        "backup": {"view": ALL, "export": ALL},
        "system_status": {"view": ALL, "edit": ALL},
    }
}


def forwards(apps, schema_editor):
    from atrium.accounts.default_roles import grant_defaults

    grant_defaults(apps, DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [("maintenance", "0001_backups_and_job_runs"), ("accounts", "0002_default_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
