from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "atrium.imports"
    label = "imports"
    verbose_name = _("Import")

    def ready(self) -> None:
        # Every app's ``importing`` module registers what it can import (like the admin's autodiscovery).
        from django.utils.module_loading import autodiscover_modules

        from atrium.imports import events  # noqa: F401  (declares import.finished)

        autodiscover_modules("importing")
        from atrium.imports import kinds  # noqa: F401  (import jobs, for the access layer)
