"""``manage.py backup`` / ``restore`` through the real command line, on SQLite and on PostgreSQL.

Each engine gets its own throw-away database (a SQLite file in a temporary ATRIUM_VAR_DIR; a temporary
PostgreSQL database when one is reachable at ATRIUM_TEST_POSTGRES_URL), migrated and seeded in a subprocess.
The test database of pytest-django is not used: a restore must run against a real file/database while nothing
else holds it in a transaction.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
POSTGRES_URL = os.environ.get("ATRIUM_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")

# Runs inside a subprocess with django set up; argv[1:] are the steps to run, in order.
PROBE = r"""
import json, sys
import django
django.setup()
from django.db import connection

def migrate():
    from django.core.management import call_command
    call_command("migrate", interactive=False, verbosity=0)

def seed():
    from atrium.accounts.services import department_create, user_create
    from atrium.core.audit import audit
    from atrium.testing.personas import make_personas
    people = make_personas()
    site = department_create(actor=people.admin, name="备份测试部", parent_id=people.sales1.department_id)
    department_create(actor=people.admin, name="空部门", parent_id=site.pk)
    user_create(actor=people.admin, username="backup_user", display_name="备份用户", email="b@example.com",
                phone="13812345678", department_id=site.pk, password="a-long-Passw0rd")
    audit(actor=people.admin, action="other", kind="", object_id="42", object_repr="引号 ' \" 与换行\n",
          summary="备份前的记录")

def mutate():
    from atrium.accounts.models import Department, User
    from atrium.core.audit import audit
    from atrium.testing.personas import make_personas
    people = make_personas()
    User.objects.filter(username="backup_user").update(display_name="改过的名字", phone="")
    User.objects.filter(username="pm").delete()
    Department.objects.filter(name="备份测试部").update(name="改名部门")
    Department.objects.filter(name="空部门").delete()
    with connection.cursor() as cursor:  # the log is append-only for the ORM; a disaster is not
        cursor.execute("DELETE FROM core_operationlog WHERE summary = %s", ["备份前的记录"])
    audit(actor=people.admin, action="other", summary="备份之后的记录")

def insert():
    from atrium.accounts.models import Department
    Department.objects.create(name="恢复后新建", path="/new/")

for step in sys.argv[1:]:
    globals()[step]()
"""


class Site:
    """One throw-away Atrium database and the commands to run against it."""

    def __init__(self, engine: str, var_dir: Path, database_url: str | None) -> None:
        self.engine = engine
        self.var_dir = var_dir
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("ATRIUM_")}
        self.env.update(DJANGO_SETTINGS_MODULE="atrium.test_settings", ATRIUM_VAR_DIR=str(var_dir))
        if database_url:
            self.env["ATRIUM_DATABASE_URL"] = database_url

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return self._run([sys.executable, "manage.py", *args], check=check)

    def popen_manage(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def probe(self, *steps: str) -> None:
        self._run([sys.executable, "-c", PROBE, *steps], check=True)

    def fingerprint(self) -> dict[str, list[str]]:
        """Every row of every table (read with the plain driver): equal only if the data is exactly the same."""
        if self.engine == "sqlite":
            connection: Any = sqlite3.connect(self.var_dir / "atrium.sqlite3")
            listing = "SELECT name FROM sqlite_master WHERE type = 'table'"
        else:
            import psycopg

            connection = psycopg.connect(self.env["ATRIUM_DATABASE_URL"])
            listing = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        try:
            tables = {}
            for (table,) in connection.execute(listing).fetchall():
                rows = connection.execute(f'SELECT * FROM "{table}"').fetchall()
                tables[table] = sorted(
                    json.dumps(row, default=str, sort_keys=True, ensure_ascii=False) for row in rows
                )
            return tables
        finally:
            connection.close()

    def _run(self, command: list[str], *, check: bool) -> subprocess.CompletedProcess:
        result = subprocess.run(
            command,
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if check and result.returncode != 0:
            pytest.fail(f"{' '.join(command[:3])} failed:\n{result.stdout}\n{result.stderr}")
        return result


def _postgres_database():
    """A fresh, empty PostgreSQL database (yields its URL), dropped afterwards; skips when none is reachable."""
    psycopg = pytest.importorskip("psycopg")
    try:
        admin = psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL} (set ATRIUM_TEST_POSTGRES_URL): {exc}")
    name = f"atrium_backup_test_{secrets.token_hex(4)}"
    admin.execute(f'CREATE DATABASE "{name}"')
    base, _slash, _db = POSTGRES_URL.partition("?")[0].rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site(request, tmp_path_factory):
    var_dir = tmp_path_factory.mktemp(f"backup-{request.param}")
    if request.param == "postgresql":
        databases = _postgres_database()
        site = Site("postgresql", var_dir, next(databases))
    else:
        databases = None
        site = Site("sqlite", var_dir, None)
    try:
        site.probe("migrate", "seed")
        yield site
    finally:
        if databases is not None:
            databases.close()


CHANGED_TABLES = ("accounts_user", "accounts_department", "core_operationlog")


def test_restore_brings_back_every_row_exactly(site, tmp_path):
    before = site.fingerprint()
    assert any("备份用户" in row for row in before["accounts_user"])
    backup_file = tmp_path / "atrium.backup"

    made = site.manage("backup", str(backup_file))
    assert "Backed up" in made.stdout
    assert backup_file.stat().st_size > 0

    site.probe("mutate")
    changed = site.fingerprint()
    for table in CHANGED_TABLES:
        assert changed[table] != before[table], f"{table} should differ before the restore"

    restored = site.manage("restore", str(backup_file), "--yes")
    assert "Restored" in restored.stdout
    assert site.fingerprint() == before

    # The database is usable afterwards: new rows get fresh ids (PostgreSQL sequences came back too).
    site.probe("insert")
    assert len(site.fingerprint()["accounts_department"]) == len(before["accounts_department"]) + 1


def test_restore_refuses_bad_input_and_changes_nothing(site, tmp_path):
    before = site.fingerprint()
    text_file = tmp_path / "notes.txt"
    text_file.write_text("这不是备份\n", encoding="utf-8")
    sqlite_file, postgres_file = tmp_path / "sqlite.backup", tmp_path / "postgres.backup"
    with closing(sqlite3.connect(sqlite_file)) as other:
        other.execute("CREATE TABLE t (x)")
        other.commit()
    postgres_file.write_bytes(b"PGDMP\x01\x0e\x00" + b"\x00" * 64)
    same_engine, other_engine = (
        (sqlite_file, postgres_file) if site.engine == "sqlite" else (postgres_file, sqlite_file)
    )

    attempts = {
        "text file": (site.popen_manage("restore", str(text_file), "--yes"), "not an Atrium backup"),
        "missing file": (
            site.popen_manage("restore", str(tmp_path / "absent.backup"), "--yes"),
            "no such file",
        ),
        "no --yes without a terminal": (site.popen_manage("restore", str(same_engine)), "add --yes"),
        "other engine": (site.popen_manage("restore", str(other_engine), "--yes"), "but this server uses"),
    }
    for label, (process, message) in attempts.items():
        stdout, stderr = process.communicate(timeout=120)
        assert process.returncode != 0, f"{label}: restore should fail\n{stdout}"
        assert message in stderr, f"{label}: {stderr}"
        assert "Traceback" not in stderr, f"{label}: {stderr}"

    assert site.fingerprint() == before


@pytest.mark.parametrize("site", ["sqlite"], indirect=True)
def test_sqlite_backup_is_consistent_while_a_write_is_in_progress(site, tmp_path):
    writer = sqlite3.connect(site.var_dir / "atrium.sqlite3", isolation_level=None, timeout=20)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE accounts_user SET display_name = 'half-written'")
        backup_file = tmp_path / "during-write.sqlite3"
        site.manage("backup", str(backup_file))
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    copy = sqlite3.connect(backup_file)
    try:
        names = {name for (name,) in copy.execute("SELECT display_name FROM accounts_user")}
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        copy.close()
    assert "half-written" not in names
    assert "备份用户" in names
