from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpConfig(AppConfig):
    name = "atrium.help"
    label = "help"
    verbose_name = _("Help centre")

    def ready(self) -> None:
        from atrium.help import checklist, navigation  # noqa: F401  (registrations)
