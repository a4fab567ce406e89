"""The last run of each periodic job, recorded from the worker's own signals (so no job has to remember to):
when a periodic task starts, and when it ends (with its error). The system status page reads ``JobRun``.

Connected in ``MaintenanceConfig.ready()``: every process that runs jobs (``atrium serve`` with its embedded
worker, ``atrium worker``) loads the apps, so every run is recorded wherever it happens.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import DatabaseError, close_old_connections
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _
from huey import signals
from huey.api import PeriodicTask
from huey.contrib.djhuey import HUEY

from atrium.maintenance.models import JobRun

logger = logging.getLogger(__name__)

# What each periodic job does, as people read it (a test asks for every job's label; a missing one shows its name).
JOB_LABELS: dict[str, Promise] = {
    "sweep_outbox": _("Deliver pending events (every minute)"),
    "followups_send_due_reminders": _("Follow-up reminders (every minute)"),
    "followups_send_daily_reminders": _("Daily follow-up reminder (at the company's reminder time)"),
    "send_held_notification_emails": _("E-mails held by the quiet hours (every minute)"),
    "pool_return_stale": _("Return neglected customers to the pool (nightly)"),
    "recover_interrupted_imports": _("Recover imports whose worker stopped (every minute)"),
    "daily_backup": _("Daily backup (hourly check)"),
    "alerts_sweep": _("Check the operation alerts (every 5 minutes)"),
    "instalments_send_reminders": _(
        "Instalment reminders: 3 days before and 1 day after a due date (daily, 08:00)"
    ),
    "refresh_database_statistics": _(
        "Refresh the database's statistics for the query planner (nightly, SQLite)"
    ),
}


def job_label(name: str) -> str:
    label = JOB_LABELS.get(name)
    return str(label) if label is not None else name.replace("_", " ")


def periodic_job_names() -> list[str]:
    """Every periodic job of the worker (each app's tasks module loaded, as the worker loads them)."""
    autodiscover_modules("tasks")
    return sorted({task.name for task in HUEY._registry.periodic_tasks})


def _record(name: str, **values: Any) -> None:
    try:
        JobRun.objects.update_or_create(name=name[:200], defaults=values)
    except DatabaseError:  # the record of a run must never break the run itself
        logger.exception("could not record the run of %s", name)
        close_old_connections()


def _started(signal: str, task: Any, *args: Any, **kwargs: Any) -> None:
    if isinstance(task, PeriodicTask):
        _record(task.name, started_at=timezone.now(), finished_at=None, succeeded=None, error="")


def _finished(signal: str, task: Any, exc: BaseException | None = None, *args: Any, **kwargs: Any) -> None:
    if not isinstance(task, PeriodicTask):
        return
    now = timezone.now()
    if signal == signals.SIGNAL_COMPLETE:
        _record(task.name, finished_at=now, succeeded=True, error="", last_success_at=now)
    else:
        _record(task.name, finished_at=now, succeeded=False, error=f"{type(exc).__name__}: {exc}"[:2000])


def connect() -> None:
    HUEY.signal(signals.SIGNAL_EXECUTING)(_started)
    HUEY.signal(signals.SIGNAL_COMPLETE, signals.SIGNAL_ERROR)(_finished)
