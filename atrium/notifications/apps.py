from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "atrium.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Kinds (who may open the settings), how log rows read, the settings-centre card, the worker's jobs.
        from atrium.notifications import kinds, log_fields, navigation, tasks  # noqa: F401
        from atrium.notifications.registry import register_notification_kind
        from atrium.notifications.subscriptions import connect_subscriptions

        register_notification_kind("system", _("System notices"))
        register_notification_kind("account", _("Account and security"), default_email=True)
        connect_subscriptions()
