from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "atrium.customers"
    label = "customers"
    verbose_name = _("Customers")

    def ready(self) -> None:
        # Kinds of record (how their fields read in the log, their timeline entries), events, kinds of
        # notification, search registrations, menu entries, home panel, demo data.
        from atrium.customers import (  # noqa: F401
            choice_lists,
            custom_fields,
            demo,
            demo_custom_fields,
            events,
            home,
            kinds,
            log_fields,
            navigation,
            notices,
            search,
            timeline,
        )
