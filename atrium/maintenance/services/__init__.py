"""Writes of the maintenance pages: backups (downloads are audited, the daily backup) and the test e-mail."""

from atrium.maintenance.services.backups import (
    backup_download_fresh,
    backup_download_stored,
    backups_run_scheduled,
)
from atrium.maintenance.services.statistics import database_statistics_refresh
from atrium.maintenance.services.status import status_test_email_send

__all__ = [
    "backup_download_fresh",
    "backup_download_stored",
    "backups_run_scheduled",
    "database_statistics_refresh",
    "status_test_email_send",
]
