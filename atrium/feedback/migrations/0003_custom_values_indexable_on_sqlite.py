"""Feedback's ``custom`` column becomes a CustomValuesField (core.json_keys): the same column, nothing is done to
the table (see customers 0012)."""

from django.db import migrations

import atrium.core.json_keys


class Migration(migrations.Migration):
    dependencies = [("feedback", "0002_default_grants")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="feedback",
                    name="custom",
                    field=atrium.core.json_keys.CustomValuesField(blank=True, default=dict),
                )
            ],
            database_operations=[],
        )
    ]
