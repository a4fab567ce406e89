"""SavedView moves from the customers app to the list engine, keeping its table and rows: this app takes the
model over in Django's state only (the table ``customers_savedview`` exists already)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("customers", "0005_fewer_redundant_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SavedView",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("list_key", models.CharField(max_length=20)),
                        ("name", models.CharField(max_length=60, verbose_name="name")),
                        ("query", models.CharField(blank=True, max_length=2000)),
                        ("columns", models.JSONField(blank=True, default=list)),
                        (
                            "is_shared",
                            models.BooleanField(default=False, verbose_name="shared with everyone"),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "owner",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "customers_savedview",
                        "ordering": ["name", "id"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("owner", "list_key", "name"), name="saved_view_unique_name"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
