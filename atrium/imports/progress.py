"""A running import's progress while it writes. The rows are written in one transaction, so progress saved
on the job row would stay invisible (or, on SQLite, wait for the write lock) until the end; it goes to the
cache instead (shared by every process when Redis is configured) and the progress page reads it from there."""

from __future__ import annotations

from django.core.cache import cache

from atrium.imports.models import ImportJob

KEPT_SECONDS = 600


def _key(job_id: int) -> str:
    return f"atrium:import-progress:{job_id}"


def publish_progress(job_id: int, *, done: int, imported: int, updated: int) -> None:
    cache.set(_key(job_id), {"done": done, "imported": imported, "updated": updated}, KEPT_SECONDS)


def with_live_progress(job: ImportJob) -> ImportJob:
    """The job with the progress its worker published, while it writes."""
    if job.status == ImportJob.Status.RUNNING:
        live = cache.get(_key(job.pk))
        if live:
            job.phase = "writing"
            job.processed_rows, job.imported, job.updated = live["done"], live["imported"], live["updated"]
    return job
