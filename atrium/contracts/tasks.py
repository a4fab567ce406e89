"""Worker jobs of contracts; thin: they call the services of the same name."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from atrium.contracts import services


@db_periodic_task(crontab(minute="0", hour="8"))
def instalments_send_reminders() -> int:
    """Every morning: reminders of instalments due in 3 days or overdue since yesterday (each sent once)."""
    return services.instalments_send_reminders()
