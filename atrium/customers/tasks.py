"""Worker jobs of customers; thin: they call the services of the same name."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from atrium.customers import services


@db_periodic_task(crontab(minute="*"))
def followups_send_due_reminders() -> int:
    """Every minute: the reminders of follow-ups whose next time has come (each sent once)."""
    return services.followups_send_due_reminders()


@db_periodic_task(crontab(minute="*"))
def followups_send_daily_reminders() -> int:
    """Every minute, acting once a day: at the company's reminder time (通知与提醒) each person is told how
    many of their customers and leads are due today."""
    return services.followups_send_daily_reminders()


@db_periodic_task(crontab(minute="30", hour="2"))
def pool_return_stale() -> int:
    """Every night: owned customers without follow-up for the configured number of days go to the pool."""
    return services.pool_return_stale()
