from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "atrium.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        post_migrate.connect(_statistics_after_migrate, dispatch_uid="core-statistics-after-migrate")


def _statistics_after_migrate(sender: AppConfig, using: str = "default", **_kwargs: object) -> None:
    """Once per ``migrate`` (post_migrate is sent for every app: act on the last one's), SQLite's tables that
    lost or never had statistics get them (``db_statistics``)."""
    from django.apps import apps

    from atrium.core.db_statistics import analyse

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if with_models and sender.label == with_models[-1].label:
        analyse(using, only_missing=True)
