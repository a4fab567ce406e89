"""The admin role sees operation alerts and changes their rules; the rules exist (off, default thresholds)."""

import datetime

from django.db import migrations

ALL = 3
RULES = {
    "export_volume": 1000,
    "delete_transfer_volume": 50,
    "customer_edit_volume": 200,
    "sign_in_new_ip": None,
    "sign_in_after_hours": None,
    "export_all_granted": None,
}


def forwards(apps, schema_editor):
    from atrium.accounts.default_roles import grant_defaults

    grant_defaults(apps, {"admin": {"operation_alert": {"view": ALL, "edit": ALL}}})
    AlertRule = apps.get_model("alerts", "AlertRule")
    for key, threshold in RULES.items():
        hours = (datetime.time(22, 0), datetime.time(6, 0)) if key == "sign_in_after_hours" else (None, None)
        AlertRule.objects.get_or_create(
            key=key,
            defaults={"threshold": threshold, "after_hours_start": hours[0], "after_hours_end": hours[1]},
        )


class Migration(migrations.Migration):
    dependencies = [("alerts", "0001_operation_alerts"), ("accounts", "0006_landlines_keep_their_dash")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
