from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "atrium.web"
    label = "web"
    verbose_name = _("Web shell")

    def ready(self) -> None:
        from atrium.web import navigation  # noqa: F401  (the settings centre's menu entry)
