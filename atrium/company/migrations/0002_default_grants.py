"""Default grants of the company profile: the admin role may view and edit it. Other roles get nothing (admins
may grant it afterwards, e.g. view to the sales manager)."""

from django.db import migrations

ALL = 3
DEFAULTS = {"admin": {"company_profile": {"view": ALL, "edit": ALL}}}


def forwards(apps, schema_editor):
    from atrium.accounts.default_roles import grant_defaults

    grant_defaults(apps, DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [("company", "0001_company_profile"), ("accounts", "0002_default_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
