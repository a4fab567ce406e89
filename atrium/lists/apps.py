from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ListsConfig(AppConfig):
    name = "atrium.lists"
    label = "lists"
    verbose_name = _("Lists")

    def ready(self) -> None:
        from atrium.lists import log_fields  # noqa: F401

        # Each app declares its lists in its own ``lists.py``; importing them registers the specs.
        autodiscover_modules("lists")
