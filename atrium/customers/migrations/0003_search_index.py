"""Search index tables of customers, contacts and leads (see atrium.core.search.storage)."""

from django.db import migrations

from atrium.core.search.operations import CreateSearchIndex


class Migration(migrations.Migration):
    dependencies = [("customers", "0002_default_grants_and_lists")]

    operations = [
        CreateSearchIndex("customer"),
        CreateSearchIndex("contact"),
        CreateSearchIndex("lead"),
    ]
