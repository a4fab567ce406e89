"""Worker jobs of maintenance; thin: they call the service of the same name."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from atrium.maintenance import services


@db_periodic_task(crontab(minute="5"), name="daily_backup")
def daily_backup() -> bool:
    """Every hour: make the day's backup once the backup hour has come (ATRIUM_BACKUP_HOUR, local time)."""
    return services.backups_run_scheduled() is not None
