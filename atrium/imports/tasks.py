"""Worker jobs of imports; thin: they call the services."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from atrium.imports.services import import_job_run


@db_task()
def run_import_job(job_id: int) -> None:
    import_job_run(job_id)
