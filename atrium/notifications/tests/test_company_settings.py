"""通知与提醒: the company's default per kind applies to people who have not chosen (their own choice wins), the
quiet hours hold e-mails (not in-app notices) until they end and the worker then sends them, the daily
follow-up reminder runs at the company's time; the settings page refuses bad input beside its field, nothing
saved, stale versions 409, every change audited by labels."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from atrium.core.errors import Conflict, Forbidden, ValidationFailed
from atrium.core.log_reading import change_lines_of
from atrium.core.models import OperationLog
from atrium.customers.models import Customer
from atrium.customers.services import customer_create, followups_send_daily_reminders
from atrium.notifications.models import Notification, NotificationPreference, NotificationSettings
from atrium.notifications.selectors import preferences_of, quiet_hours_end
from atrium.notifications.services import (
    notification_held_emails_send,
    notification_settings_update,
    notify,
    preferences_set,
)

pytestmark = pytest.mark.django_db
URL = "/settings/notifications/"


def _save(actor, **fields):
    rules = NotificationSettings.current()
    values = {
        "quiet_hours_enabled": rules.quiet_hours_enabled,
        "quiet_start": rules.quiet_start,
        "quiet_end": rules.quiet_end,
        "followup_reminder_time": rules.followup_reminder_time,
        "version": rules.version,
        **fields,
    }
    return notification_settings_update(actor=actor, **values)


def _local(hour: int, minute: int = 0, days: int = 0) -> datetime.datetime:
    today = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(today, datetime.time(hour, minute)))


def _quiet_now(personas):
    """Quiet hours from an hour ago to an hour from now (local time), so that "now" falls in them."""
    local = timezone.localtime()
    start = (local - datetime.timedelta(hours=1)).strftime("%H:%M")
    end = (local + datetime.timedelta(hours=1)).strftime("%H:%M")
    _save(personas.admin, quiet_hours_enabled=True, quiet_start=start, quiet_end=end)


def test_the_company_default_applies_to_people_who_have_not_chosen(
    personas, django_capture_on_commit_callbacks
):
    _save(personas.admin, defaults={"system": {"in_app": False, "email": True}})
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[personas.pm], kind="system", title="工地巡检安排")
    (row,) = Notification.objects.filter(recipient=personas.pm)
    assert row.in_app is False and row.emailed_at is not None
    assert [m.to for m in mail.outbox] == [[personas.pm.email]] and "工地巡检安排" in mail.outbox[0].subject
    assert {r["kind"]: (r["in_app"], r["email"]) for r in preferences_of(personas.pm)}["system"] == (
        False,
        True,
    )


def test_a_personal_choice_wins_over_the_company_default(personas, django_capture_on_commit_callbacks):
    _save(personas.admin, defaults={"system": {"in_app": True, "email": True}})
    preferences_set(actor=personas.pm, prefs={"system": {"in_app": True, "email": False}})
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[personas.pm, personas.member], kind="system", title="周会")
    assert [m.to for m in mail.outbox] == [[personas.member.email]]
    assert Notification.objects.get(recipient=personas.pm).emailed_at is None


def test_the_kinds_own_default_is_kept_when_the_company_sets_nothing(personas):
    rows = {r["kind"]: (r["in_app"], r["email"]) for r in preferences_of(personas.pm)}
    assert rows["account"] == (True, True) and rows["system"] == (True, False)
    _save(personas.admin, defaults={"account": {"in_app": True, "email": True}})
    assert NotificationSettings.current().kind_defaults == {}  # the same as the kind's: nothing stored


def test_quiet_hours_hold_the_email_but_not_the_in_app_notice(personas, django_capture_on_commit_callbacks):
    _quiet_now(personas)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[personas.pm], kind="account", title="您的密码已修改")
    row = Notification.objects.get(recipient=personas.pm)
    assert row.in_app and row.emailed_at is None and mail.outbox == []
    held = row.email_held_until
    assert held is not None and held > timezone.now()
    assert notification_held_emails_send(now=held - datetime.timedelta(minutes=1)) == 0
    assert mail.outbox == []
    assert notification_held_emails_send(now=held) == 1
    assert [m.to for m in mail.outbox] == [[personas.pm.email]] and "您的密码已修改" in mail.outbox[0].subject
    assert notification_held_emails_send(now=held + datetime.timedelta(hours=1)) == 0
    assert len(mail.outbox) == 1


def test_a_held_email_whose_recipient_left_is_let_go(personas, django_capture_on_commit_callbacks):
    _quiet_now(personas)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[personas.pm], kind="account", title="t")
    held = Notification.objects.get().email_held_until
    personas.pm.is_active = False
    personas.pm.save()
    assert notification_held_emails_send(now=held) == 0
    assert Notification.objects.get().email_held_until is None and mail.outbox == []


def test_quiet_hours_may_span_midnight(personas):
    _save(personas.admin, quiet_hours_enabled=True, quiet_start="22:00", quiet_end="08:00")
    assert quiet_hours_end(_local(23, 30)) == _local(8, 0, days=1)
    assert quiet_hours_end(_local(7, 59)) == _local(8, 0)
    assert quiet_hours_end(_local(8, 0)) is None and quiet_hours_end(_local(12, 0)) is None
    _save(personas.admin, quiet_hours_enabled=False)
    assert quiet_hours_end(_local(23, 30)) is None


def test_outside_quiet_hours_the_email_leaves_at_once(personas, django_capture_on_commit_callbacks):
    local = timezone.localtime()
    start = (local + datetime.timedelta(hours=2)).strftime("%H:%M")
    end = (local + datetime.timedelta(hours=3)).strftime("%H:%M")
    _save(personas.admin, quiet_hours_enabled=True, quiet_start=start, quiet_end=end)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[personas.pm], kind="account", title="t")
    assert len(mail.outbox) == 1 and Notification.objects.get().email_held_until is None


def test_the_daily_follow_up_reminder_runs_at_the_company_time(personas, django_capture_on_commit_callbacks):
    _save(personas.admin, followup_reminder_time="17:30")
    customer = customer_create(actor=personas.sales1, data={"name": "华府"})
    Customer.objects.filter(pk=customer.pk).update(next_followup_at=_local(10, 0))
    other = customer_create(actor=personas.sales2, data={"name": "明天的客户"})
    Customer.objects.filter(pk=other.pk).update(next_followup_at=_local(10, 0, days=1))
    assert followups_send_daily_reminders(now=_local(17, 29)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert followups_send_daily_reminders(now=_local(17, 30)) == 1
    assert followups_send_daily_reminders(now=_local(18, 0)) == 0  # once a day
    (notice,) = Notification.objects.filter(kind="customers.daily_followups")
    assert notice.recipient == personas.sales1 and notice.title == "今天有 1 条待跟进"
    assert "客户 1 个" in notice.body and notice.link == reverse("home")
    with django_capture_on_commit_callbacks(execute=True):
        assert followups_send_daily_reminders(now=_local(17, 31, days=1)) == 2  # tomorrow: both are due


def test_the_service_refuses_bad_input_and_changes_nothing(personas):
    for fields, field in (
        ({"quiet_hours_enabled": True, "quiet_start": "22:00", "quiet_end": "22:00"}, "quiet_end"),
        ({"quiet_hours_enabled": True, "quiet_start": "25:00", "quiet_end": "08:00"}, "quiet_start"),
        ({"quiet_hours_enabled": True, "quiet_start": "", "quiet_end": "08:00"}, "quiet_start"),
        ({"followup_reminder_time": "9点"}, "followup_reminder_time"),
        ({"defaults": {"no.such.kind": {"email": True}}}, "no.such.kind"),
        ({"defaults": {"system": {"email": "yes"}}}, "system"),
    ):
        with pytest.raises(ValidationFailed) as refused:
            _save(personas.admin, **fields)
        assert field in refused.value.fields
    rules = NotificationSettings.current()
    assert rules.version == 1 and not rules.quiet_hours_enabled and rules.kind_defaults == {}
    assert not OperationLog.objects.filter(kind="notification_settings").exists()
    with pytest.raises(Forbidden):
        _save(personas.sales1, followup_reminder_time="08:00")
    _save(personas.admin, followup_reminder_time="08:00")
    with pytest.raises(Conflict):
        _save(personas.admin, followup_reminder_time="07:00", version=1)


def _form(**fields):
    rules = NotificationSettings.current()
    data = {
        "quiet_start": "",
        "quiet_end": "",
        "followup_reminder_time": "09:00",
        "version": rules.version,
        "in_app:system": "on",
        "in_app:account": "on",
        "email:account": "on",
        **fields,
    }
    return data


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"quiet_hours_enabled": "on", "quiet_start": "22:00", "quiet_end": "22:00"},
            "quiet_end",
            "不能与开始时间相同",
        ),
        (
            {"quiet_hours_enabled": "on", "quiet_start": "22:60", "quiet_end": "08:00"},
            "quiet_start",
            "请输入时间",
        ),
        (
            {"quiet_hours_enabled": "on", "quiet_start": "22:00", "quiet_end": "abc"},
            "quiet_end",
            "请输入时间",
        ),
        ({"followup_reminder_time": ""}, "followup_reminder_time", "请输入时间"),
    ],
)
def test_the_page_shows_bad_input_beside_its_field(client_as, fields, field, message):
    response = client_as("admin").post(URL, _form(**fields, **{"email:system": "on"}))
    assert response.status_code == 400
    html = response.content.decode()
    assert f'data-field="{field}"' in html and message in html
    rules = NotificationSettings.current()
    assert rules.version == 1 and rules.kind_defaults == {}


def test_the_page_saves_and_the_log_reads_in_words(client_as, personas):
    admin = client_as("admin")
    page = admin.get(URL)
    assert page.status_code == 200 and "系统通知" in page.content.decode()
    response = admin.post(
        URL,
        _form(quiet_hours_enabled="on", quiet_start="22:00", quiet_end="08:00", **{"email:system": "on"}),
    )
    assert response.status_code == 302 and response["Location"] == URL
    rules = NotificationSettings.current()
    assert (rules.quiet_start, rules.quiet_end) == (datetime.time(22), datetime.time(8))
    assert rules.kind_defaults["system"] == [True, True]
    # Kinds left unticked on the form are turned off by default (follow-up reminders: in the app and e-mail).
    assert rules.kind_defaults["customers.followup_reminder"] == [False, False]
    row = OperationLog.objects.get(kind="notification_settings")
    assert row.changes["quiet_start"] == [None, "22:00"] and row.changes["system"] == [
        [True, False],
        [True, True],
    ]
    with translation.override("zh-hans"):
        text = " ".join(str(line) for line in change_lines_of([row], personas.admin)[row.pk])
    assert "免打扰开始时间" in text and "22:00" in text and "系统通知" in text and "站内、邮件" in text
    assert "quiet_start" not in text and "system" not in text
    stale = admin.post(URL, _form(version=1, followup_reminder_time="07:00"))
    assert stale.status_code == 409 and "有其他人修改了通知与提醒设置" in stale.content.decode()


def test_who_may_open_the_page(client_as):
    assert client_as("sales1").get(URL).status_code == 403
    assert client_as("sales1").post(URL, _form()).status_code == 403
    centre = client_as("admin").get(reverse("settings")).content.decode()
    assert "通知与提醒" in centre and URL in centre


def test_a_person_who_saves_own_preferences_keeps_them_when_the_company_changes(personas):
    preferences_set(actor=personas.pm, prefs={"system": {"email": True}})
    _save(personas.admin, defaults={"system": {"in_app": False, "email": False}})
    mine = {r["kind"]: (r["in_app"], r["email"]) for r in preferences_of(personas.pm)}
    assert mine["system"] == (True, True)
    assert NotificationPreference.objects.filter(user=personas.pm, kind="system").exists()
