"""Worker jobs of core; thin: they call the outbox."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from atrium.core.outbox import outbox_deliver, outbox_sweep


@db_task()
def deliver_outbox(ids: list[int]) -> int:
    """Queued on commit by a durable event: deliver its outbox rows."""
    return outbox_deliver(ids)


@db_periodic_task(crontab(minute="*"))
def sweep_outbox() -> int:
    """Every minute: deliver outbox rows still due (lost hand-offs, retries, abandoned claims)."""
    return outbox_sweep()
