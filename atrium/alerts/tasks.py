"""Worker jobs of operation alerts; thin: they call the service of the same name."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from atrium.alerts import services


@db_periodic_task(crontab(minute="*/5"))
def alerts_sweep() -> int:
    """Every five minutes: raise the alerts the operation log shows (each once)."""
    return services.alerts_sweep()
