"""Backup files: made with the ``atrium backup`` machinery (``core.database_backup``) into a local temporary file,
encrypted when ATRIUM_BACKUP_KEY is set (``backup_crypto``), kept in ``storages["backups"]`` (ATRIUM_BACKUP_DIR or
the object storage: only the storage API is used), listed and pruned by name.

Only names this module makes are listed, opened or deleted: ``atrium-YYYYMMDD-HHMMSS.sqlite3|pgdump[.enc]`` (the
site's local time). A name asked for is looked up in the listing, never joined to a path.
"""

from __future__ import annotations

import datetime
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import connections
from django.utils import timezone

from atrium.core.database_backup import BackupTarget, backup, target_of
from atrium.maintenance.backup_crypto import encrypt_stream

NAME_PATTERN = re.compile(r"^atrium-(\d{8})-(\d{6})\.(sqlite3|pgdump)(\.enc)?$")
EXTENSIONS = {"sqlite": "sqlite3", "postgresql": "pgdump"}


@dataclass(frozen=True)
class StoredBackup:
    name: str
    size: int
    made_at: datetime.datetime  # aware, in the site's time zone
    encrypted: bool


def backup_storage() -> Storage:
    return storages["backups"]


def database_target() -> BackupTarget:
    """The database this site runs on (BackupError when it cannot be backed up, e.g. in memory)."""
    return target_of(connections["default"].settings_dict)


def encryption_key() -> str:
    return settings.BACKUP_KEY


def file_name(target: BackupTarget, when: datetime.datetime, *, encrypted: bool) -> str:
    local = timezone.localtime(when)
    suffix = ".enc" if encrypted else ""
    return f"atrium-{local:%Y%m%d-%H%M%S}.{EXTENSIONS[target.engine]}{suffix}"


def _made_at(match: re.Match[str]) -> datetime.datetime | None:
    try:
        naive = datetime.datetime.strptime(match.group(1) + match.group(2), "%Y%m%d%H%M%S")
    except ValueError:
        return None
    return timezone.make_aware(naive, timezone.get_current_timezone())


def stored_backups() -> list[StoredBackup]:
    """The backups in the storage, newest first; other files there are left out."""
    storage = backup_storage()
    try:
        _folders, names = storage.listdir("")
    except FileNotFoundError:
        return []
    found = []
    for name in names:
        match = NAME_PATTERN.match(name)
        made_at = _made_at(match) if match else None
        if match is None or made_at is None:
            continue
        found.append(
            StoredBackup(name=name, size=storage.size(name), made_at=made_at, encrypted=bool(match.group(4)))
        )
    return sorted(found, key=lambda b: b.name, reverse=True)


def stored_backup(name: str) -> StoredBackup | None:
    """The listed backup of that exact name, or None (anything else: a path, another file, a typo)."""
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        return None
    return next((b for b in stored_backups() if b.name == name), None)


def _scratch_dir() -> Path:
    scratch = Path(settings.VAR_DIR) / "tmp"
    scratch.mkdir(parents=True, exist_ok=True)
    return scratch


def made_backup(target: BackupTarget, *, key: str) -> BinaryIO:
    """A fresh backup as an open file at its start (encrypted when ``key``). The file has no name left on disk:
    it disappears when the handle is closed. Raises BackupError."""
    scratch = _scratch_dir()
    with tempfile.TemporaryDirectory(dir=scratch) as folder:
        plain = Path(folder) / "backup"
        backup(target, plain)
        if not key:
            handle = plain.open("rb")
        else:
            sealed = Path(folder) / "backup.enc"
            with plain.open("rb") as source, sealed.open("wb") as out:
                encrypt_stream(source, out, key)
            plain.unlink()
            handle = sealed.open("rb")
    # The folder is gone; the open handle still reads the file (POSIX). Elsewhere the name stays until closed.
    return handle


def size_of(handle: BinaryIO) -> int:
    return os.fstat(handle.fileno()).st_size


def store_backup(handle: BinaryIO, name: str) -> str:
    """Save the open backup into the backup storage (in chunks); the name it was saved under."""
    return backup_storage().save(name, File(handle, name=name))


def remove_old_backups(keep: int) -> list[str]:
    """Delete all but the newest ``keep`` backups; the names deleted."""
    storage = backup_storage()
    removed = []
    for old in stored_backups()[keep:]:
        storage.delete(old.name)
        removed.append(old.name)
    return removed


def open_stored(name: str) -> Any:
    return backup_storage().open(name, "rb")
