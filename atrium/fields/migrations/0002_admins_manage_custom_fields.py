"""Admins manage custom fields; sales managers see the definitions (the values follow each record's rights)."""

from django.db import migrations

ALL = 3
DEFAULTS = {
    "admin": {"custom_field": {"view": ALL, "create": ALL, "edit": ALL, "delete": ALL}},
    "sales_manager": {"custom_field": {"view": ALL}},
}


def forwards(apps, schema_editor):
    from atrium.accounts.default_roles import grant_defaults

    grant_defaults(apps, DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [("fields", "0001_custom_field_definitions"), ("accounts", "0002_default_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
