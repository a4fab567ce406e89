"""SavedView now belongs to the list engine (``atrium.lists``), which took over its table and rows; this app
forgets the model in Django's state only, so the table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0005_fewer_redundant_indexes"),
        ("lists", "0001_saved_view_moves_from_customers"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SavedView")],
            database_operations=[],
        ),
    ]
