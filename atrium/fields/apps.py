from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class FieldsConfig(AppConfig):
    name = "atrium.fields"
    label = "fields"
    verbose_name = _("Custom fields")

    def ready(self) -> None:
        # The kind the role matrix grants, events, how log rows read, the settings card.
        from django.core.signals import request_started

        from atrium.core.custom_values import register_custom_values
        from atrium.fields import events, indexes, kinds, log_fields, navigation, search_index  # noqa: F401
        from atrium.fields.choice_options import forget_labels
        from atrium.fields.cleaning import DefinedCustomValues

        # The names of the choice lists' values are read afresh by every request (kept a few seconds otherwise).
        request_started.connect(forget_labels, dispatch_uid="choice_list_labels")

        register_custom_values(DefinedCustomValues())  # what core.writes asks about custom values
        post_migrate.connect(_indexes_after_migrate, sender=self, dispatch_uid="fields-indexes-after-migrate")


def _indexes_after_migrate(using: str = "default", **_kwargs: object) -> None:
    """After ``migrate`` the fields' indexes are brought in step (idempotent): a database that had its fields
    before SQLite got indexes for them, or one restored without them, gets them here."""
    from django.db import connections

    from atrium.fields.indexes import sync_field_indexes
    from atrium.fields.models import FieldDefinition

    connection = connections[using]
    if using != "default" or connection.in_atomic_block:
        return
    if FieldDefinition._meta.db_table in connection.introspection.table_names():  # not migrated back to zero
        sync_field_indexes()
