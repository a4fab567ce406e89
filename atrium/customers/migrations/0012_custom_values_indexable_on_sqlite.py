"""The records' ``custom`` column becomes a CustomValuesField (core.json_keys): the same column in the database,
only the SQL of its key lookups on SQLite changes, so nothing is done to the tables (a plain AlterField would make
SQLite copy every table)."""

from django.db import migrations

import atrium.core.json_keys


def _custom(model_name):
    return migrations.AlterField(
        model_name=model_name,
        name="custom",
        field=atrium.core.json_keys.CustomValuesField(blank=True, default=dict),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0011_followup_reminder_days"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[_custom(name) for name in ("contact", "customer", "followup", "lead")],
            database_operations=[],
        )
    ]
