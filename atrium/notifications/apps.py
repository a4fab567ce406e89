from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "atrium.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from atrium.notifications import log_fields  # noqa: F401
        from atrium.notifications.registry import register_notification_kind
        from atrium.notifications.subscriptions import connect_subscriptions

        register_notification_kind("system", _("System notices"))
        register_notification_kind("account", _("Account and security"), default_email=True)
        connect_subscriptions()
