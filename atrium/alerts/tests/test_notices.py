"""An alert tells the rule's chosen admins (everyone who may see alerts when it names nobody), in the app and
by e-mail, through the durable ``alert.raised``; the notice links to the matching operation-log rows."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from atrium.accounts.models import Role, User
from atrium.alerts.models import Alert, AlertRule
from atrium.alerts.services import alerts_sweep
from atrium.alerts.tests.logrows import log_rows
from atrium.core.models import OutboxMessage
from atrium.notifications.models import Notification
from tests.smtp_capture import body_text, smtp_server  # noqa: F401  (pytest fixture)

pytestmark = pytest.mark.django_db

KIND = "alerts.operation_alert"


@pytest.fixture
def second_admin(personas):
    person = User.objects.create_user(
        username="admin2", email="admin2@zhucheng.example", password="x", display_name="周主管"
    )
    person.roles.add(Role.objects.get(code="admin"))
    return person


def _mass_export(personas, capture, recipients=()):
    rule = AlertRule.objects.get(key="export_volume")
    rule.is_enabled, rule.threshold = True, 100
    rule.save()
    rule.recipients.set(recipients)
    log_rows(
        personas.sales1, "export", timezone.now() - datetime.timedelta(minutes=2), changes={"count": 5000}
    )
    with capture(execute=True):  # what the worker does once the sweep commits
        assert alerts_sweep() == 1
    return Alert.objects.get()


def test_the_chosen_admin_is_told_in_the_app_and_by_email(
    personas,
    second_admin,
    smtp_server,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    alert = _mass_export(personas, django_capture_on_commit_callbacks, recipients=[personas.admin])
    notice = Notification.objects.get(kind=KIND)
    assert notice.recipient == personas.admin  # admin2 may see alerts but was not chosen
    assert notice.title == "操作告警：大量导出 · 李明"
    assert "李明 在" in notice.body and "导出了 5000 条记录" in notice.body and "每天 100 条" in notice.body
    assert (
        notice.link.startswith("/settings/operation-log/?") and f"person={personas.sales1.pk}" in notice.link
    )
    assert "action=export" in notice.link
    mail = smtp_server.wait_for(to=personas.admin.email)
    assert "大量导出" in str(mail["Subject"])
    assert "导出了 5000 条记录" in body_text(mail)
    assert OutboxMessage.objects.get(event="alert.raised").status == "delivered"
    assert alerts_sweep() == 0 and Notification.objects.filter(kind=KIND).count() == 1
    assert alert.pk


def test_without_chosen_people_everyone_who_may_see_alerts_is_told(
    personas,
    second_admin,
    smtp_server,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    _mass_export(personas, django_capture_on_commit_callbacks)
    told = set(Notification.objects.filter(kind=KIND).values_list("recipient__username", flat=True))
    assert told == {"admin", "admin2"}
    smtp_server.wait_for(to="admin2@zhucheng.example")
    assert not Notification.objects.filter(kind=KIND, recipient=personas.sales1).exists()
