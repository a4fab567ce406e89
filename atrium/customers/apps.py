from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "atrium.customers"
    label = "customers"
    verbose_name = _("Customers")

    def ready(self) -> None:
        # Kinds of record, kinds of notification, search registrations, menu entries, home panel, demo data.
        from atrium.customers import demo, events, home, kinds, navigation, notices, search  # noqa: F401
