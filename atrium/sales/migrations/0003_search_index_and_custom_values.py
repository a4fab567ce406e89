"""The deals' search index table (see atrium.core.search.storage) and, on PostgreSQL, the GIN index on their
``custom`` column that serves custom-field filters (as customers 0010)."""

from django.db import migrations

from atrium.core.search.operations import CreateSearchIndex


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'CREATE INDEX IF NOT EXISTS "sales_deal_custom_gin" ON "sales_deal" USING gin (custom jsonb_path_ops)'
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('DROP INDEX IF EXISTS "sales_deal_custom_gin"')


class Migration(migrations.Migration):
    dependencies = [("sales", "0002_default_grants_and_pipeline")]
    operations = [CreateSearchIndex("deal"), migrations.RunPython(forwards, backwards)]
