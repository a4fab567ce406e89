from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldsConfig(AppConfig):
    name = "atrium.fields"
    label = "fields"
    verbose_name = _("Custom fields")

    def ready(self) -> None:
        # The kind the role matrix grants, events, how log rows read, the settings card.
        from atrium.core.custom_values import register_custom_values
        from atrium.fields import events, indexes, kinds, log_fields, navigation, search_index  # noqa: F401
        from atrium.fields.cleaning import DefinedCustomValues

        register_custom_values(DefinedCustomValues())  # what core.writes asks about custom values
