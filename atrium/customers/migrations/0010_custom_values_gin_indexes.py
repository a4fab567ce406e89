"""PostgreSQL: a GIN index (jsonb_path_ops) on the ``custom`` column of customers, contacts, leads and follow-ups,
so that filters on custom fields (``custom @> {"key": value}``) stay fast at a million rows. SQLite needs none."""

from django.db import migrations

TABLES = ("customers_customer", "customers_contact", "customers_lead", "customers_followup")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{table}_custom_gin" ON "{table}" USING gin (custom jsonb_path_ops)'
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_custom_gin"')


class Migration(migrations.Migration):
    dependencies = [("customers", "0009_search_by_pinyin")]
    operations = [migrations.RunPython(forwards, backwards)]
