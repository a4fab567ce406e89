"""数据备份: fresh downloads (streamed, audited, admin only), the daily backup (schedule, retention, failures),
downloads of stored backups by a listed name only, and encryption."""

from __future__ import annotations

import datetime
import io
import os

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from atrium.core.database_backup import PG_CUSTOM_MAGIC, SQLITE_MAGIC
from atrium.core.models import OperationLog
from atrium.maintenance import backup_files, tasks
from atrium.maintenance.backup_crypto import (
    CHUNK,
    MAGIC,
    DecryptionError,
    decrypt_stream,
    encrypt_stream,
    new_key,
)
from atrium.maintenance.models import BackupRun, JobRun
from atrium.maintenance.services import backups_run_scheduled

pytestmark = pytest.mark.django_db
MAGICS = (SQLITE_MAGIC, PG_CUSTOM_MAGIC)


def _local(year, month, day, hour, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def _content(response) -> bytes:
    assert response.streaming
    return b"".join(response.streaming_content)


def _old_backup(folder, name, data=b"old"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def test_admin_downloads_a_fresh_backup_streamed_and_audited(client_as, database_on_disk, backup_dir):
    response = client_as("admin").post(reverse("maintenance:backup_download"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert backup_files.NAME_PATTERN.match(response["Content-Disposition"].split('filename="')[1].rstrip('"'))
    assert _content(response).startswith(MAGICS)
    row = OperationLog.objects.get(kind="backup")
    assert (row.action, row.actor_name) == ("export", "admin")
    assert not backup_dir.exists() or not any(backup_dir.iterdir())  # a fresh download is not kept


def test_a_backup_that_cannot_be_made_is_a_message_not_a_500(client_as, db):
    # the SQLite test database is in memory: nothing on disk to back up (PostgreSQL: pg_dump works)
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip(
            "the failure is made with SQLite's in-memory test database; on PostgreSQL pg_dump succeeds"
        )
    client = client_as("admin")
    response = client.post(reverse("maintenance:backup_download"))
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "备份失败" in page.content.decode() or "无法" in page.content.decode()
    assert not OperationLog.objects.filter(kind="backup").exists()


@pytest.mark.parametrize("who", ["sales1", "manager", "member", "client", "outsider"])
def test_only_admins_know_backups_exist(client_as, database_on_disk, backup_dir, who):
    _old_backup(backup_dir, "atrium-20260101-030000.sqlite3")
    client = client_as(who)
    assert client.get(reverse("maintenance:backups")).status_code == 404
    assert client.post(reverse("maintenance:backup_download")).status_code == 404
    url = reverse("maintenance:backup_file", args=["atrium-20260101-030000.sqlite3"])
    assert client.get(url).status_code == 404
    assert not OperationLog.objects.filter(kind="backup").exists()


def test_the_page_lists_stored_backups_with_size_and_local_time(client_as, backup_dir):
    _old_backup(backup_dir, "atrium-20260101-030500.sqlite3", b"x" * 2048)
    _old_backup(backup_dir, "atrium-20260102-030500.pgdump.enc", b"y" * 10)
    _old_backup(backup_dir, "notes.txt")
    page = client_as("admin").get(reverse("maintenance:backups")).content.decode()
    assert "2026-01-01 03:05" in page and "2.0 KB" in page.replace("\xa0", " ")
    assert "atrium-20260102-030500.pgdump.enc" in page and "已加密" in page
    assert "notes.txt" not in page
    assert page.index("20260102") < page.index("20260101")  # newest first
    assert "atrium restore" in page and "atrium decrypt_backup" in page


def test_a_stored_backup_downloads_by_its_listed_name(client_as, backup_dir):
    _old_backup(backup_dir, "atrium-20260101-030500.sqlite3", b"SQLite format 3\x00rest")
    response = client_as("admin").get(
        reverse("maintenance:backup_file", args=["atrium-20260101-030500.sqlite3"])
    )
    assert response.status_code == 200
    assert _content(response) == b"SQLite format 3\x00rest"
    assert OperationLog.objects.filter(kind="backup", object_repr="atrium-20260101-030500.sqlite3").exists()


@pytest.mark.parametrize(
    "name",
    [
        "atrium-20260101-030500.sqlite3.bak",  # not a backup's name
        "atrium-20260109-030500.sqlite3",  # a backup's name, not in the listing
        "notes.txt",  # another file of the folder
        "..",
        "%2e%2e%2fsecret_key",
        "atrium-20261399-999999.sqlite3",  # the pattern, but no time
    ],
)
def test_no_other_file_is_served(client_as, backup_dir, tmp_path, name):
    _old_backup(backup_dir, "atrium-20260101-030500.sqlite3")
    _old_backup(backup_dir, "notes.txt", b"secret")
    _old_backup(backup_dir, "atrium-20261399-999999.sqlite3", b"secret")
    (tmp_path / "secret_key").write_text("secret")
    response = client_as("admin").get(reverse("maintenance:backup_file", args=[name]))
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["../secret_key", "..%2Fsecret_key", "sub/atrium-20260101-030500.sqlite3"])
def test_paths_do_not_reach_the_download(client_as, backup_dir, path):
    _old_backup(backup_dir, "atrium-20260101-030500.sqlite3")
    response = client_as("admin").get(reverse("maintenance:backups") + "files/" + path)
    assert response.status_code == 404
    assert backup_files.stored_backup(path) is None


def test_the_daily_backup_is_made_once_a_day_after_the_backup_hour(database_on_disk, backup_dir, settings):
    settings.BACKUP_HOUR = 3
    assert backups_run_scheduled(now=_local(2026, 3, 2, 2, 59)) is None
    run = backups_run_scheduled(now=_local(2026, 3, 2, 3, 5))
    assert run.status == BackupRun.Status.OK and run.size > 0
    assert [b.name for b in backup_files.stored_backups()] == [run.file_name]
    assert run.file_name.startswith("atrium-20260302-030500.")
    assert (backup_dir / run.file_name).read_bytes().startswith(MAGICS)
    assert backups_run_scheduled(now=_local(2026, 3, 2, 4, 5)) is None  # done for today
    assert backups_run_scheduled(now=_local(2026, 3, 3, 1, 5)) is None  # tomorrow, before the hour
    assert backups_run_scheduled(now=_local(2026, 3, 3, 9, 5)).status == BackupRun.Status.OK  # caught up
    assert (
        OperationLog.objects.filter(kind="backup", action="create", actor_name="系统 · 每日备份").count() == 2
    )


def test_the_worker_job_runs_the_backup_and_its_run_is_recorded(database_on_disk, backup_dir, settings):
    settings.BACKUP_HOUR = 0  # due whenever the test runs
    tasks.daily_backup()  # the periodic task, run by the (immediate) worker
    assert BackupRun.objects.get().status == BackupRun.Status.OK
    assert len(backup_files.stored_backups()) == 1
    run = JobRun.objects.get(name="daily_backup")
    assert run.succeeded is True and run.finished_at >= run.started_at and run.last_success_at


def test_retention_keeps_the_newest_and_removes_older_ones(database_on_disk, backup_dir, settings):
    settings.BACKUP_KEEP = 3
    for day in range(1, 6):
        _old_backup(backup_dir, f"atrium-202602{day:02d}-030500.sqlite3")
    _old_backup(backup_dir, "keep-me.txt")
    run = backups_run_scheduled(now=_local(2026, 3, 1, 3, 5))
    assert run.removed == 3
    assert [b.name for b in backup_files.stored_backups()] == [
        run.file_name,
        "atrium-20260205-030500.sqlite3",
        "atrium-20260204-030500.sqlite3",
    ]
    assert (backup_dir / "keep-me.txt").exists()


def test_a_failed_daily_backup_is_recorded_and_shown(client_as, backup_dir, settings, db):
    from django.db import connection

    original = connection.settings_dict["NAME"]
    connection.settings_dict["NAME"] = "/nonexistent/folder/atrium.sqlite3"
    if connection.vendor != "sqlite":
        connection.settings_dict["NAME"] = original
        pytest.skip(
            "the failure is made by pointing SQLite at a file that does not exist; PostgreSQL has no such file"
        )
    try:
        run = backups_run_scheduled(now=_local(2026, 3, 2, 3, 5))
    finally:
        connection.settings_dict["NAME"] = original
    assert run.status == BackupRun.Status.FAILED and "does not exist" in run.error
    assert backups_run_scheduled(now=_local(2026, 3, 2, 4, 5)) is not None  # tried again next hour
    page = client_as("admin").get(reverse("maintenance:backups")).content.decode()
    assert "does not exist" in page and "in memory" in page  # both failures since the last success
    status = client_as("admin").get(reverse("maintenance:status")).content.decode()
    assert "最近一次失败" in status and "in memory" in status


def test_encrypted_daily_backup_decrypts_back_to_the_backup(database_on_disk, backup_dir, settings, tmp_path):
    settings.BACKUP_KEY = new_key()
    run = backups_run_scheduled(now=_local(2026, 3, 2, 3, 5))
    assert run.encrypted and run.file_name.endswith(".enc")
    sealed = (backup_dir / run.file_name).read_bytes()
    assert sealed.startswith(MAGIC) and not any(m in sealed[:64] for m in MAGICS)
    out = tmp_path / "plain"
    call_command("decrypt_backup", str(backup_dir / run.file_name), str(out), stdout=io.StringIO())
    assert out.read_bytes().startswith(MAGICS)
    with pytest.raises(CommandError, match="wrong key"):
        call_command(
            "decrypt_backup",
            str(backup_dir / run.file_name),
            str(tmp_path / "x"),
            key=new_key(),
            stdout=io.StringIO(),
        )


def test_encryption_round_trip_of_a_real_backup_and_of_many_chunks(database_on_disk):
    key = new_key()
    with backup_files.made_backup(backup_files.database_target(), key="") as handle:
        plain = handle.read()
    for data in (plain, b"", os.urandom(CHUNK * 2 + 123), os.urandom(CHUNK)):
        sealed, back = io.BytesIO(), io.BytesIO()
        encrypt_stream(io.BytesIO(data), sealed, key)
        decrypt_stream(io.BytesIO(sealed.getvalue()), back, key)
        assert back.getvalue() == data


def test_a_changed_or_cut_encrypted_file_is_refused():
    key = new_key()
    sealed = io.BytesIO()
    encrypt_stream(io.BytesIO(os.urandom(CHUNK * 2 + 5)), sealed, key)
    data = sealed.getvalue()
    cut_at_frame = len(MAGIC) + 7 + 4 + CHUNK + 16  # the first frame whole, the rest dropped
    flipped = bytearray(data)
    flipped[-1] ^= 1
    for bad in (data[:cut_at_frame], data[:-3], bytes(flipped), data + b"x", b"SQLite format 3\x00"):
        with pytest.raises(DecryptionError):
            decrypt_stream(io.BytesIO(bad), io.BytesIO(), key)
    with pytest.raises(DecryptionError):
        decrypt_stream(io.BytesIO(data), io.BytesIO(), new_key())


def test_backup_key_command_prints_a_usable_key():
    out = io.StringIO()
    call_command("backup_key", stdout=out)
    key = out.getvalue().strip()
    sealed, back = io.BytesIO(), io.BytesIO()
    encrypt_stream(io.BytesIO(b"abc"), sealed, key)
    decrypt_stream(io.BytesIO(sealed.getvalue()), back, key)
    assert back.getvalue() == b"abc"


def test_backups_read_in_the_operation_log(client_as, database_on_disk, backup_dir):
    backups_run_scheduled(now=_local(2026, 3, 2, 3, 5))
    client_as("admin").post(reverse("maintenance:backup_download"))
    page = client_as("admin").get(reverse("accounts:operation_log")).content.decode()
    assert "系统 · 每日备份" in page and "数据备份" in page and "已生成每日备份" in page
