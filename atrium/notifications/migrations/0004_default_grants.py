"""Default grants of the notification settings (通知与提醒): the admin role may view and edit them."""

from django.db import migrations

ALL = 3
DEFAULTS = {"admin": {"notification_settings": {"view": ALL, "edit": ALL}}}


def forwards(apps, schema_editor):
    from atrium.accounts.default_roles import grant_defaults

    grant_defaults(apps, DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_company_defaults_and_quiet_hours"),
        ("accounts", "0002_default_roles"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
