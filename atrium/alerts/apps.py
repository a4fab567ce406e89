from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "atrium.alerts"
    label = "alerts"
    verbose_name = _("Operation alerts")

    def ready(self) -> None:
        # Kind of record, how its rows read in the log, the event and its notice, the list, menu and card.
        from atrium.alerts import events, kinds, lists, log_fields, navigation, notices  # noqa: F401
