"""A worker killed mid-import (SIGKILL, a real subprocess, on SQLite and on PostgreSQL) leaves nothing
written; the recovery sweep marks its job failed; the job runs again, once, without duplicates.

Each engine gets its own throw-away database, as the backup tests do: the worker must see committed data.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from typing import Any

import pytest

from atrium.core.tests.test_backup import ROOT, Site, _postgres_database

ROWS = 30_000

PROBE = r"""
import json, sys
import django
django.setup()

def setup():
    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from atrium.imports.models import ImportJob
    from atrium.testing.personas import make_personas
    call_command("migrate", interactive=False, verbosity=0)
    people = make_personas()
    lines = ["客户名称,电话,备注"] + [f"崩溃测试{i},139{i:08d},第{i}行" for i in range(ROWS)]
    job = ImportJob(kind="customers", original_name="大文件.csv", created_by=people.sales1,
                    mapping={"0": "name", "1": "phone", "2": "notes"}, header=["客户名称", "电话", "备注"],
                    status="queued")
    job.file.save("big.csv", ContentFile("\n".join(lines).encode("gbk")), save=False)
    job.size = job.file.size
    job.save()
    print(job.pk)

def run(job_id):
    from atrium.imports.services import import_job_run
    import_job_run(int(job_id))

def state(job_id):
    from atrium.customers.models import Customer
    from atrium.core.models import OperationLog
    from atrium.imports.models import ImportJob
    job = ImportJob.objects.get(pk=int(job_id))
    print(json.dumps({"status": job.status, "error": job.error, "customers": Customer.objects.count(),
                      "logged": OperationLog.objects.filter(kind="customer").count(),
                      "imported": job.imported, "can_start": job.can_start}))

def recover():
    from atrium.imports.recovery import import_jobs_recover
    print(json.dumps(import_jobs_recover()))

def again(job_id):
    from atrium.imports.models import ImportJob
    from atrium.imports.services import import_job_start
    job = ImportJob.objects.select_related("created_by").get(pk=int(job_id))
    import_job_start(actor=job.created_by, job=job)  # the test settings' worker runs at once, after commit

globals()[sys.argv[1]](*sys.argv[2:])
""".replace("ROWS", str(ROWS))


class Worksite(Site):
    def call(self, *args: str) -> str:
        return self._run([sys.executable, "-c", PROBE, *args], check=True).stdout.strip().splitlines()[-1]

    def start(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-c", PROBE, *args],
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def query(self, sql: str) -> Any:
        if self.engine == "sqlite":
            connection: Any = sqlite3.connect(self.var_dir / "atrium.sqlite3", timeout=20)
        else:
            import psycopg

            connection = psycopg.connect(self.env["ATRIUM_DATABASE_URL"])
        try:
            return connection.execute(sql).fetchone()[0]
        finally:
            connection.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def worksite(request, tmp_path_factory):
    var_dir = tmp_path_factory.mktemp(f"crash-{request.param}")
    databases = _postgres_database() if request.param == "postgresql" else None
    site = Worksite(request.param, var_dir, next(databases) if databases else None)
    try:
        yield site
    finally:
        if databases is not None:
            databases.close()


def _kill_while_writing(site: Worksite, job_id: str) -> None:
    worker = site.start("run", job_id)
    deadline = time.monotonic() + 120
    while site.query(f"SELECT phase FROM imports_importjob WHERE id = {job_id}") != "writing":
        assert worker.poll() is None, worker.stderr.read() if worker.stderr else ""
        assert time.monotonic() < deadline, "the import never reached its writing phase"
        time.sleep(0.1)
    # Let it write several batches (a batch-per-transaction import would have committed some by now).
    writing_since = time.monotonic()
    while time.monotonic() - writing_since < 2 and not site.query("SELECT count(*) FROM customers_customer"):
        time.sleep(0.1)
    assert worker.poll() is None, "the import finished before it could be killed: use a larger file"
    worker.kill()
    worker.wait()


def test_a_killed_import_leaves_nothing_is_marked_failed_and_runs_again_once(worksite):
    job_id = worksite.call("setup")
    _kill_while_writing(worksite, job_id)

    stuck = json.loads(worksite.call("state", job_id))
    assert stuck["status"] == "running" and stuck["customers"] == 0 and stuck["logged"] == 0

    assert json.loads(worksite.call("recover")) == [int(job_id)]
    failed = json.loads(worksite.call("state", job_id))
    assert (
        failed["status"] == "failed"
        and failed["can_start"]
        and ("nothing of it was written" in failed["error"] or "没有写入任何数据" in failed["error"])
    )
    assert json.loads(worksite.call("recover")) == []  # the sweep is idempotent

    worksite._run([sys.executable, "-c", PROBE, "again", job_id], check=True)
    done = json.loads(worksite.call("state", job_id))
    assert done["status"] == "done" and done["customers"] == ROWS == done["imported"]
    assert done["logged"] == ROWS + 1  # a create row per customer and the import's own row


@pytest.mark.django_db
def test_the_sweep_judges_workers_by_process_here_and_by_heartbeat_elsewhere(personas):
    import os
    import socket
    from datetime import timedelta

    from django.utils import timezone

    from atrium.imports.models import ImportJob
    from atrium.imports.recovery import LEASE, import_jobs_recover

    here = socket.gethostname()
    old = timezone.now() - LEASE - timedelta(seconds=1)

    def job(worker: str, heartbeat: Any) -> int:
        made = ImportJob.objects.create(
            kind="customers",
            original_name="a.csv",
            created_by=personas.sales1,
            status="running",
            worker=worker,
            heartbeat_at=heartbeat,
        )
        return made.pk

    alive_here = job(f"{here}:{os.getppid()}", old)  # a live process on this host, however old its beat
    fresh_elsewhere = job("other-host:1", timezone.now())
    silent_elsewhere = job("other-host:2", old)
    assert import_jobs_recover() == [silent_elsewhere]
    assert set(ImportJob.objects.filter(status="running").values_list("pk", flat=True)) == {
        alive_here,
        fresh_elsewhere,
    }
