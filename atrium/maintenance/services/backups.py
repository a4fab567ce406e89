"""Backups: a fresh one downloaded by an admin, a stored one downloaded, and the worker's daily one (kept in the
backup storage, the newest ATRIUM_BACKUP_KEEP of them). Each download is a row of the operation log."""

from __future__ import annotations

import datetime
import logging
from typing import BinaryIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from atrium.core.access import require
from atrium.core.actors import Actor, AuditVerb, SystemActor, register_system_actor
from atrium.core.audit import audit
from atrium.core.database_backup import BackupError
from atrium.core.errors import NotFound, ServiceError
from atrium.maintenance import backup_files
from atrium.maintenance.models import BackupRun

logger = logging.getLogger(__name__)

DAILY_BACKUP = "daily_backup"
register_system_actor(DAILY_BACKUP, gettext_lazy("daily backup"))
# A day's backup is tried again (next hour) after a failure, at most this many times.
ATTEMPTS_PER_DAY = 3


def _refused(exc: BackupError) -> ServiceError:
    return ServiceError(_("The backup could not be made: %(reason)s") % {"reason": str(exc)})


def backup_download_fresh(*, actor: Actor) -> tuple[BinaryIO, str]:
    """A backup of the database made now (encrypted when a key is set): the open file and its file name."""
    require(actor, "backup", "export")
    now = timezone.now()
    key = backup_files.encryption_key()
    try:
        target = backup_files.database_target()
        handle = backup_files.made_backup(target, key=key)
    except BackupError as exc:
        raise _refused(exc) from exc
    name = backup_files.file_name(target, now, encrypted=bool(key))
    with transaction.atomic():
        audit(
            actor=actor,
            action=AuditVerb.EXPORT,
            kind="backup",
            object_repr=name,
            summary=_("Downloaded a fresh backup (%(size)s bytes)")
            % {"size": f"{backup_files.size_of(handle):,}"},
        )
    return handle, name


def backup_download_stored(*, actor: Actor, name: str) -> tuple[BinaryIO, backup_files.StoredBackup]:
    """One of the listed backups, by its exact name (NotFound for any other name)."""
    require(actor, "backup", "export")
    stored = backup_files.stored_backup(name)
    if stored is None:
        raise NotFound()
    handle = backup_files.open_stored(stored.name)
    with transaction.atomic():
        audit(
            actor=actor,
            action=AuditVerb.EXPORT,
            kind="backup",
            object_repr=stored.name,
            summary=_("Downloaded a stored backup"),
        )
    return handle, stored


def backup_due(now: datetime.datetime) -> bool:
    """Whether the daily backup is to be made now: at or after ATRIUM_BACKUP_HOUR (local time), once a day
    (a failed attempt is tried again the next hour, a few times)."""
    local = timezone.localtime(now)
    if local.hour < settings.BACKUP_HOUR:
        return False
    since = local.replace(hour=settings.BACKUP_HOUR, minute=0, second=0, microsecond=0)
    today = BackupRun.objects.filter(started_at__gte=since, started_at__lte=now)
    if today.filter(status=BackupRun.Status.OK).exists():
        return False
    return today.filter(status=BackupRun.Status.FAILED).count() < ATTEMPTS_PER_DAY


def backups_run_scheduled(*, now: datetime.datetime | None = None, force: bool = False) -> BackupRun | None:
    """The worker's daily backup into the backup storage, then the oldest beyond ATRIUM_BACKUP_KEEP removed.
    Returns the run recorded (None when no backup was due). A failure is recorded with its reason."""
    now = now or timezone.now()
    if not force and not backup_due(now):
        return None
    actor = SystemActor(DAILY_BACKUP)
    key = backup_files.encryption_key()
    run = BackupRun(started_at=now, status=BackupRun.Status.FAILED, encrypted=bool(key))
    try:
        target = backup_files.database_target()
        with backup_files.made_backup(target, key=key) as handle:
            run.size = backup_files.size_of(handle)
            run.file_name = backup_files.store_backup(
                handle, backup_files.file_name(target, now, encrypted=bool(key))
            )
        run.removed = len(backup_files.remove_old_backups(settings.BACKUP_KEEP))
        run.status = BackupRun.Status.OK
    except (BackupError, OSError) as exc:
        logger.error("daily backup failed: %s", exc)
        run.error = str(exc)[:2000]
    run.finished_at = timezone.now()
    with transaction.atomic():
        run.save()
        audit(
            actor=actor,
            action=AuditVerb.CREATE,
            record=run,
            kind="backup",
            summary=(
                _("Daily backup %(name)s made") % {"name": run.file_name}
                if run.status == BackupRun.Status.OK
                else _("Daily backup failed: %(reason)s") % {"reason": run.error}
            ),
        )
    return run
