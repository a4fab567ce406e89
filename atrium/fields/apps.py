from django.apps import AppConfig
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
