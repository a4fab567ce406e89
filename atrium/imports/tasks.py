"""Worker jobs of imports; thin: they call the services."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from atrium.imports.recovery import import_jobs_recover
from atrium.imports.services import import_job_run, import_job_scan_choices


@db_task()
def run_import_job(job_id: int) -> None:
    import_job_run(job_id)


@db_task()
def scan_import_choices(job_id: int) -> None:
    import_job_scan_choices(job_id)


@db_periodic_task(crontab(minute="*"))
def recover_interrupted_imports() -> None:
    import_jobs_recover()


@HUEY.on_startup()
def recover_imports_at_start() -> None:
    """A worker that starts marks failed the jobs a dead worker left running."""
    from django.db import close_old_connections

    close_old_connections()
    try:
        import_jobs_recover()
    finally:
        close_old_connections()
