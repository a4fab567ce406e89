"""Backups from the browser (数据备份) and the system status page (系统状态)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaintenanceConfig(AppConfig):
    name = "atrium.maintenance"
    label = "maintenance"
    verbose_name = _("Maintenance")

    def ready(self) -> None:
        # Kinds (who may open the pages), settings-centre cards, the worker's daily backup, and the record of
        # each periodic job's last run (from the worker's signals).
        from atrium.maintenance import job_runs, kinds, navigation, tasks  # noqa: F401

        job_runs.connect()
