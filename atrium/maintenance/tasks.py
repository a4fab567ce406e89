"""Worker jobs of maintenance; thin: they call the service of the same name."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from atrium.maintenance import services


@db_periodic_task(crontab(minute="5"), name="daily_backup")
def daily_backup() -> bool:
    """Every hour: make the day's backup once the backup hour has come (ATRIUM_BACKUP_HOUR, local time)."""
    return services.backups_run_scheduled() is not None


@db_periodic_task(crontab(hour="4", minute="40"), name="refresh_database_statistics")
def refresh_database_statistics() -> int:
    """Every night: SQLite's query planner statistics follow the data (PostgreSQL's autovacuum does its own)."""
    return len(services.database_statistics_refresh())
