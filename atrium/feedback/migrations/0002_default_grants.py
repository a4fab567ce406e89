"""Default grants of feedback: everyone (every built-in role, clients too) may send feedback and see their own;
the admin role sees everyone's and answers it."""

from django.db import migrations

OWN, ALL = 1, 3
EVERYONE = ("sales_manager", "sales_rep", "service", "project_manager", "team_member", "client")
DEFAULTS = {
    "admin": {"feedback": {"view": ALL, "create": ALL, "edit": ALL}},
    **{role: {"feedback": {"view": OWN, "create": OWN}} for role in EVERYONE},
}


def forwards(apps, schema_editor):
    from atrium.accounts.default_roles import grant_defaults

    grant_defaults(apps, DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_feedback"), ("accounts", "0002_default_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
