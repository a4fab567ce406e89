"""Import jobs whose worker died. An import writes in one transaction, so a worker that crashed (or was
killed, or the machine restarted) mid-import wrote nothing; its job would stay "running" for ever. Each
running job records its worker ("host:pid") and a heartbeat; the sweep — at worker start and every minute
— marks a running job failed when its worker process is gone (same host) or its heartbeat is older than the
lease (another host). A failed job can be started again: nothing of the first run exists, so no duplicates.
"""

from __future__ import annotations

import os
import socket
import threading
from datetime import timedelta
from pathlib import Path

from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.translation import gettext as _

from atrium.imports.models import ImportJob

LEASE = timedelta(minutes=5)  # a worker on another host that said nothing for this long is taken for dead
HEARTBEAT_SECONDS = 30


def worker_identity() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed process its parent has not reaped yet is a zombie: gone
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in ("Z", "X")


def _worker_gone(job: ImportJob, now: object) -> bool:
    host, _sep, pid = job.worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        return int(pid) != os.getpid() and not _process_alive(int(pid))
    return job.heartbeat_at is None or job.heartbeat_at < now - LEASE  # type: ignore[operator]


def import_jobs_recover() -> list[int]:
    """Mark failed every running job whose worker is gone; the ids of those jobs."""
    now = timezone.now()
    failed = []
    for job in ImportJob.objects.filter(status=ImportJob.Status.RUNNING).only("id", "worker", "heartbeat_at"):
        if not _worker_gone(job, now):
            continue
        if ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.RUNNING, worker=job.worker).update(
            status=ImportJob.Status.FAILED,
            phase="",
            finished_at=now,
            imported=0,
            updated=0,
            error=_(
                "The import was interrupted (its worker stopped) before it finished; nothing of it was "
                "written. Start it again."
            ),
        ):
            failed.append(job.pk)
    return failed


class Heartbeat:
    """While a job runs, a thread refreshes its heartbeat on its own connection (PostgreSQL; on SQLite the
    database is on this host and the sweep asks whether the process lives)."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.stopped = threading.Event()
        self.thread: threading.Thread | None = None

    def __enter__(self) -> Heartbeat:
        if connection.vendor != "sqlite":
            self.thread = threading.Thread(
                target=self._beat, name=f"import-{self.job_id}-heartbeat", daemon=True
            )
            self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stopped.set()
        if self.thread is not None:
            self.thread.join()

    def _beat(self) -> None:
        from django.db import connections

        try:
            while not self.stopped.wait(HEARTBEAT_SECONDS):
                try:
                    ImportJob.objects.filter(pk=self.job_id, status=ImportJob.Status.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except DatabaseError:
                    continue
        finally:
            connections.close_all()
