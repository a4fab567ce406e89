"""Backing up and restoring the database (only the database: uploaded files live on disk under MEDIA_ROOT).

SQLite: SQLite's online backup API, so a backup is consistent while the server runs, and a restore is one
write transaction on the live file (other connections see the old or the new database, never a mix, and the
WAL stays valid). PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --clean --if-exists --no-owner``
in a single transaction, so a failed restore leaves the database as it was.

Errors are raised as ``BackupError`` with a message for the person at the command line.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore could not be done; the message says why and what to do."""


@dataclass(frozen=True)
class BackupTarget:
    engine: str  # "sqlite" or "postgresql"
    settings: dict[str, Any]

    @property
    def label(self) -> str:
        if self.engine == "sqlite":
            return f"SQLite database {self.settings['NAME']}"
        host = self.settings.get("HOST") or "localhost"
        return f"PostgreSQL database {self.settings['NAME']} on {host}"


def target_of(settings_dict: dict[str, Any]) -> BackupTarget:
    engine = settings_dict["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        name = str(settings_dict["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            raise BackupError("The database is in memory; there is nothing on disk to back up.")
        return BackupTarget("sqlite", settings_dict)
    if engine in ("django.db.backends.postgresql", "django.contrib.gis.db.backends.postgis"):
        return BackupTarget("postgresql", settings_dict)
    raise BackupError(f"Backups of {engine} databases are not supported (SQLite and PostgreSQL are).")


def file_format(path: Path) -> str:
    """'sqlite' or 'postgresql' for a readable backup file; BackupError for anything else."""
    if not path.exists():
        raise BackupError(f"{path}: no such file.")
    if not path.is_file():
        raise BackupError(f"{path}: not a file.")
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise BackupError(f"{path}: cannot be read ({exc.strerror or exc}).") from exc
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_CUSTOM_MAGIC):
        return "postgresql"
    raise BackupError(
        f"{path}: not an Atrium backup (expected a SQLite database file or a pg_dump custom-format archive)."
    )


def _partial_beside(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    os.close(handle)
    return Path(name)


def backup(target: BackupTarget, destination: Path) -> None:
    """Write a backup of ``target`` to ``destination`` (written beside it first, then renamed into place)."""
    if destination.is_dir():
        raise BackupError(f"{destination}: is a directory; give a file name.")
    try:
        partial = _partial_beside(destination)
    except OSError as exc:
        raise BackupError(f"{destination}: cannot write there ({exc.strerror or exc}).") from exc
    try:
        if target.engine == "sqlite":
            _sqlite_backup(Path(target.settings["NAME"]), partial)
        else:
            _pg_dump(target.settings, partial)
        os.replace(partial, destination)
    finally:
        partial.unlink(missing_ok=True)


def restore(target: BackupTarget, source: Path) -> None:
    """Replace the database of ``target`` with the backup in ``source``; nothing changes if it fails."""
    found = file_format(source)
    if found != target.engine:
        raise BackupError(
            f"{source}: is a {_engine_name(found)} backup, but this server uses {_engine_name(target.engine)}."
        )
    if target.engine == "sqlite":
        _sqlite_restore(source, Path(target.settings["NAME"]))
    else:
        _pg_restore(target.settings, source)


def _engine_name(engine: str) -> str:
    return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[engine]


# --- SQLite -------------------------------------------------------------------------------------------------


def _sqlite_backup(database: Path, destination: Path) -> None:
    if not database.exists():
        raise BackupError(f"{database}: the database does not exist yet (run 'atrium migrate' first).")
    try:
        source = sqlite3.connect(database, timeout=20)
        try:
            copy = sqlite3.connect(destination)
            try:
                source.backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            finally:
                copy.close()
        finally:
            source.close()
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite backup failed: {exc}") from exc


def _check_sqlite_backup(connection: sqlite3.Connection, source: Path) -> None:
    try:
        verdict = connection.execute("PRAGMA quick_check").fetchone()[0]
        has_migrations = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='django_migrations'"
        ).fetchone()
    except sqlite3.Error as exc:
        raise BackupError(f"{source}: not a usable SQLite database ({exc}).") from exc
    if verdict != "ok":
        raise BackupError(f"{source}: the SQLite file is damaged ({verdict}).")
    if not has_migrations:
        raise BackupError(f"{source}: a SQLite database, but not one of Atrium (no django_migrations table).")


def _sqlite_restore(source: Path, database: Path) -> None:
    """Copy the backup into the live database through SQLite's backup API: one write transaction."""
    try:
        backup_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BackupError(f"{source}: cannot be opened ({exc}).") from exc
    try:
        _check_sqlite_backup(backup_db, source)
        database.parent.mkdir(parents=True, exist_ok=True)
        live = sqlite3.connect(database, timeout=20)
        try:
            backup_db.backup(live)
        except sqlite3.Error as exc:
            raise BackupError(
                f"SQLite restore failed, the database is unchanged: {exc}. Stop the server and worker, then retry."
            ) from exc
        finally:
            live.close()
    finally:
        backup_db.close()


# --- PostgreSQL ---------------------------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} was not found on PATH. Install the PostgreSQL client tools "
            "(Debian/Ubuntu: apt-get install postgresql-client), matching the server's major version or newer."
        )
    return found


_PG_SSL_OPTIONS = (
    ("sslmode", "PGSSLMODE"),
    ("sslrootcert", "PGSSLROOTCERT"),
    ("sslcert", "PGSSLCERT"),
    ("sslkey", "PGSSLKEY"),
)


def _pg_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
    }
    options = settings_dict.get("OPTIONS") or {}
    for option, variable in _PG_SSL_OPTIONS:
        if options.get(option):
            values[variable] = options[option]
    for variable, value in values.items():
        if value not in (None, ""):
            env[variable] = str(value)
    return env


def _run(command: list[str], settings_dict: dict[str, Any], what: str) -> None:
    result = subprocess.run(
        command, env=_pg_environment(settings_dict), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()
        raise BackupError(f"{what} failed (exit {result.returncode}): {detail}")


def _pg_dump(settings_dict: dict[str, Any], destination: Path) -> None:
    command = [_pg_tool("pg_dump"), "--format=custom", "--no-password", f"--file={destination}"]
    _run(command, settings_dict, "pg_dump")


def _pg_restore(settings_dict: dict[str, Any], source: Path) -> None:
    tool = _pg_tool("pg_restore")
    _run([tool, "--list", str(source)], settings_dict, f"Reading {source}")
    command = [
        tool,
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        "--no-password",
        f"--dbname={settings_dict['NAME']}",
        str(source),
    ]
    _run(command, settings_dict, "pg_restore (the database is unchanged)")
