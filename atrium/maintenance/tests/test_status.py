"""系统状态: what the page shows (version, database, worker jobs and their last runs, channel layer, e-mail,
storage, backups), who may open it, and the test e-mail sent through the real mail backend."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from atrium.core.models import OperationLog
from atrium.core.tasks import sweep_outbox
from atrium.maintenance.models import BackupRun, JobRun
from atrium.maintenance.selectors import version
from tests.smtp_capture import body_text, smtp_server  # noqa: F401  (pytest fixture)

pytestmark = pytest.mark.django_db


def test_the_status_page_shows_what_health_knows_in_chinese(client_as, settings):
    sweep_outbox()  # a periodic job run by the (immediate) worker: its run is recorded
    BackupRun.objects.create(
        started_at=timezone.make_aware(datetime.datetime(2026, 3, 2, 3, 5)),
        finished_at=timezone.make_aware(datetime.datetime(2026, 3, 2, 3, 6)),
        status=BackupRun.Status.OK,
        file_name="atrium-20260302-030500.sqlite3",
        size=5 * 1024 * 1024,
    )
    page = client_as("admin").get(reverse("maintenance:status")).content.decode()
    assert "系统依赖的各项服务均运行正常" in page
    assert f'data-testid="status-version">{version()}<' in page
    assert ("SQLite" in page) or ("PostgreSQL" in page)
    assert (
        "投递待处理事件（每分钟）" in page
        and "跟进提醒（每分钟）" in page
        and "每日备份（每小时检查一次）" in page
    )
    run = JobRun.objects.get(name="sweep_outbox")
    assert timezone.localtime(run.started_at).strftime("%Y-%m-%d %H:%M") in page
    assert "本进程内" in page  # the in-memory channel layer answered
    assert "2026-03-02 03:05 · 5.0" in page.replace("\xa0", " ")
    assert "给我发一封测试邮件" in page


def test_a_failing_job_shows_its_error(client_as):
    JobRun.objects.create(
        name="pool_return_stale",
        started_at=timezone.now(),
        finished_at=timezone.now(),
        succeeded=False,
        error="OperationalError: database is locked",
    )
    page = client_as("admin").get(reverse("maintenance:status")).content.decode()
    assert "失败" in page and "database is locked" in page


@pytest.mark.parametrize("who", ["sales1", "manager", "pm", "client", "outsider"])
def test_only_admins_see_the_status(client_as, who):
    client = client_as(who)
    assert client.get(reverse("maintenance:status")).status_code == 404
    assert client.post(reverse("maintenance:status_test_email")).status_code == 404


def test_a_test_email_reaches_me_through_smtp(client_as, personas, smtp_server):  # noqa: F811
    client = client_as("admin")
    response = client.post(reverse("maintenance:status_test_email"))
    assert response.status_code == 302
    mail = smtp_server.wait_for(to=personas.admin.email)
    assert mail["Subject"] == "Atrium 测试邮件"
    assert "系统状态页面的测试邮件" in body_text(mail)
    assert "测试邮件已发送至" in client.get(response["Location"]).content.decode()
    assert OperationLog.objects.filter(kind="system_status", object_repr=personas.admin.email).exists()


def test_no_address_no_mail_but_a_message(client_as, personas, smtp_server):  # noqa: F811
    personas.admin.email = ""
    personas.admin.save(update_fields=["email"])
    client = client_as("admin")
    response = client.post(reverse("maintenance:status_test_email"))
    assert "没有邮箱地址" in client.get(response["Location"]).content.decode()
    assert smtp_server.messages == []


def test_an_unreachable_mail_server_is_a_message_not_a_500(client_as, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    client = client_as("admin")
    response = client.post(reverse("maintenance:status_test_email"))
    assert response.status_code == 302
    assert "邮件发送失败" in client.get(response["Location"]).content.decode()
    assert not OperationLog.objects.filter(kind="system_status").exists()


def test_get_of_the_test_email_sends_nothing(client_as, smtp_server):  # noqa: F811
    assert client_as("admin").get(reverse("maintenance:status_test_email")).status_code == 405
    assert smtp_server.messages == []


def test_settings_centre_shows_the_cards_to_admins_only(client_as):
    admin = client_as("admin").get(reverse("settings")).content.decode()
    assert 'data-testid="settings-backups"' in admin and 'data-testid="settings-system_status"' in admin
    page = client_as("manager").get(reverse("settings")).content.decode()  # the manager opens some sections
    assert "settings-backups" not in page and "settings-system_status" not in page


def test_every_periodic_job_reads_in_chinese():
    from atrium.maintenance.job_runs import JOB_LABELS, periodic_job_names

    assert set(periodic_job_names()) <= set(JOB_LABELS), "add the new periodic job to job_runs.JOB_LABELS"
