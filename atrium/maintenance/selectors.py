"""Reads of the maintenance pages: what the backup page lists and what the system status page shows (what
/healthz knows — web.health — and more, for people: sizes, times, last runs)."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import storages
from django.db import connection
from huey.contrib.djhuey import HUEY

from atrium.core.access import can, require
from atrium.core.errors import NotFound
from atrium.maintenance import backup_files
from atrium.maintenance.job_runs import job_label, periodic_job_names
from atrium.maintenance.models import BackupRun, JobRun
from atrium.web.health import health_report


def open_page(user: Any, kind: str, action: str = "view") -> None:
    """Someone who may not view the page does not learn it exists (404); one who may view it but not do
    ``action`` is refused (403)."""
    if not can(user, kind, "view"):
        raise NotFound()
    require(user, kind, action)


def _storage_place(alias: str) -> str:
    storage = storages[alias]
    location = getattr(storage, "location", "")
    bucket = getattr(storage, "bucket_name", "")
    if bucket:
        return f"s3://{bucket}/{location}".rstrip("/")
    return str(location)


def backups_page(user: Any) -> dict[str, Any]:
    open_page(user, "backup")
    return {
        "backups": backup_files.stored_backups(),
        "failures": _failures_since_last_success(),
        "keep": settings.BACKUP_KEEP,
        "hour": settings.BACKUP_HOUR,
        "encrypted": bool(settings.BACKUP_KEY),
        "place": _storage_place("backups"),
        "engine": connection.vendor,
        "can_download": can(user, "backup", "export"),
    }


def _failures_since_last_success() -> list[BackupRun]:
    last_ok = BackupRun.objects.filter(status=BackupRun.Status.OK).order_by("-started_at").first()
    failed = BackupRun.objects.filter(status=BackupRun.Status.FAILED)
    if last_ok is not None:
        failed = failed.filter(started_at__gt=last_ok.started_at)
    return list(failed.order_by("-started_at")[:3])


def version() -> str:
    try:
        return importlib.metadata.version("atrium")
    except importlib.metadata.PackageNotFoundError:
        return "—"


def database_size() -> int | None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return int(cursor.fetchone()[0])
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        files = [Path(name + suffix) for suffix in ("", "-wal")]
        if not files[0].is_file():
            return None
        return sum(f.stat().st_size for f in files if f.is_file())
    return None


def _jobs() -> list[dict[str, Any]]:
    runs = {run.name: run for run in JobRun.objects.all()}
    return [{"name": name, "label": job_label(name), "run": runs.get(name)} for name in periodic_job_names()]


def _email() -> dict[str, Any]:
    backend = settings.EMAIL_BACKEND.rsplit(".", 2)[-2]
    place = ""
    if backend == "smtp":
        place = f"{settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
    elif backend == "filebased":
        place = str(getattr(settings, "EMAIL_FILE_PATH", ""))
    return {"backend": backend, "place": place, "sender": settings.DEFAULT_FROM_EMAIL}


def system_status(user: Any) -> dict[str, Any]:
    open_page(user, "system_status")
    health = health_report()
    last_ok = BackupRun.objects.filter(status=BackupRun.Status.OK).order_by("-started_at").first()
    return {
        "overall": health["status"],
        "version": version(),
        "database": {**health["database"], "engine": connection.vendor, "size": database_size()},
        "queue": {**health["queue"], "immediate": HUEY.immediate},
        "jobs": _jobs(),
        "channels": health["channels"],
        "email": _email(),
        "storage": {
            "files": _storage_place("default"),
            "files_backend": type(storages["default"]).__name__,
            "backups": _storage_place("backups"),
        },
        "backups": {
            "last": last_ok,
            "failed": _failures_since_last_success()[:1],
            "stored": len(backup_files.stored_backups()),
            "keep": settings.BACKUP_KEEP,
        },
        "can_send_email": can(user, "system_status", "edit"),
        "my_email": getattr(user, "email", ""),
    }
