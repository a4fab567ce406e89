"""The notification service: rows per preference, e-mails after commit, idempotent sending, reading."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction

from atrium.core.errors import Forbidden, NotFound, ValidationFailed
from atrium.notifications.models import Notification, NotificationPreference
from atrium.notifications.selectors import inbox, preferences_of, unread_count
from atrium.notifications.services import (
    notification_emails_send,
    notification_mark_read,
    notifications_mark_all_read,
    notify,
    preferences_set,
)

pytestmark = pytest.mark.django_db


def test_notify_writes_one_row_per_active_recipient(personas):
    personas.member.is_active = False
    personas.member.save()
    rows = notify(
        recipients=[personas.sales1, personas.sales2.pk, personas.member],
        kind="system",
        title="维护通知",
        body="今晚 22:00 系统维护",
        link="/notifications/",
    )
    assert sorted(n.recipient_id for n in rows) == sorted([personas.sales1.pk, personas.sales2.pk])
    assert all(n.pk for n in rows)
    assert not Notification.objects.filter(recipient=personas.member).exists()
    assert inbox(personas.sales1).get().title == "维护通知"


def test_the_actor_is_not_notified_of_their_own_action(personas):
    notify(recipients=[personas.admin, personas.pm], kind="system", title="t", actor=personas.admin)
    assert not Notification.objects.filter(recipient=personas.admin).exists()
    assert Notification.objects.filter(recipient=personas.pm).count() == 1


def test_unknown_kind_is_a_programming_error(personas):
    with pytest.raises(LookupError):
        notify(recipients=[personas.pm], kind="no-such-kind", title="t")


def test_kind_turned_off_everywhere_writes_nothing_and_sends_nothing(
    personas, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(user=personas.pm, kind="account", in_app=False, email=False)
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify(recipients=[personas.pm, personas.member], kind="account", title="账号变更")
    assert [n.recipient_id for n in rows] == [personas.member.pk]
    assert not Notification.objects.filter(recipient=personas.pm).exists()
    assert [m.to for m in mail.outbox] == [[personas.member.email]]


def test_email_preference_sends_after_commit_and_marks_emailed(personas, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=personas.pm, kind="system", in_app=True, email=True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(recipients=[personas.pm, personas.member], kind="system", title="新的工地巡检", link="/x/")
    assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [personas.pm.email]
    assert "新的工地巡检" in message.subject
    assert "http://127.0.0.1:8000/x/" in message.body
    assert "您好" in message.body  # the recipient's language: Chinese by default
    assert message.alternatives and "新的工地巡检" in message.alternatives[0][0]
    assert Notification.objects.get(recipient=personas.pm).emailed_at is not None
    assert Notification.objects.get(recipient=personas.member).emailed_at is None


def test_email_is_written_in_the_recipients_language(personas, django_capture_on_commit_callbacks):
    personas.pm.language = "en"
    personas.pm.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[personas.pm], kind="account", title="Role changed")
    assert "Hello" in mail.outbox[0].body
    assert "Notification settings" in mail.outbox[0].alternatives[0][0]


def test_email_only_delivery_is_kept_out_of_the_inbox(personas, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=personas.pm, kind="system", in_app=False, email=True)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[personas.pm], kind="system", title="只发邮件")
    assert [m.to for m in mail.outbox] == [[personas.pm.email]]
    assert not inbox(personas.pm).exists()
    assert unread_count(personas.pm) == 0
    assert Notification.objects.get(recipient=personas.pm).emailed_at is not None


def test_no_email_without_an_address(personas, django_capture_on_commit_callbacks):
    personas.pm.email = ""
    personas.pm.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[personas.pm], kind="account", title="t")
    assert mail.outbox == []
    assert inbox(personas.pm).count() == 1


def test_sending_again_does_not_send_twice(personas):
    rows = notify(recipients=[personas.pm, personas.member], kind="account", title="t")
    ids = [n.pk for n in rows]
    assert notification_emails_send(notification_ids=ids) == 2
    assert notification_emails_send(notification_ids=ids) == 0
    assert len(mail.outbox) == 2


def test_a_failed_send_releases_its_claim_for_the_retry(personas, settings):
    rows = notify(recipients=[personas.pm], kind="account", title="t")
    settings.EMAIL_BACKEND = "atrium.notifications.tests.failing_mail_backend.FailingBackend"
    with pytest.raises(ConnectionError):
        notification_emails_send(notification_ids=[rows[0].pk])
    assert Notification.objects.get(pk=rows[0].pk).emailed_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notification_emails_send(notification_ids=[rows[0].pk]) == 1


def test_rolled_back_change_notifies_nobody(personas, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(recipients=[personas.pm], kind="account", title="t")
        raise RuntimeError("the caller's change failed")
    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_mark_read_only_own_notifications(personas):
    mine = notify(recipients=[personas.sales1], kind="system", title="mine")[0]
    other = notify(recipients=[personas.sales2], kind="system", title="other")[0]
    with pytest.raises(NotFound):
        notification_mark_read(actor=personas.sales1, notification_id=other.pk)
    with pytest.raises(NotFound):
        notification_mark_read(actor=personas.sales1, notification_id="abc")
    assert Notification.objects.get(pk=other.pk).read_at is None
    assert notification_mark_read(actor=personas.sales1, notification_id=mine.pk).read_at is not None
    assert unread_count(personas.sales1) == 0


def test_mark_all_read_touches_only_own(personas):
    notify(recipients=[personas.sales1, personas.sales2], kind="system", title="a")
    notify(recipients=[personas.sales1], kind="system", title="b")
    assert notifications_mark_all_read(actor=personas.sales1) == 2
    assert notifications_mark_all_read(actor=personas.sales1) == 0
    assert unread_count(personas.sales1) == 0
    assert unread_count(personas.sales2) == 1


def test_unread_count_is_capped(personas):
    notify(recipients=[personas.pm], kind="system", title="x")
    Notification.objects.bulk_create(
        [Notification(recipient=personas.pm, kind="system", title=str(i)) for i in range(120)]
    )
    assert unread_count(personas.pm) == 100  # shown as "99+"


def test_preferences_default_to_the_kinds_defaults(personas):
    rows = {row["kind"]: row for row in preferences_of(personas.pm)}
    assert rows["system"]["in_app"] and not rows["system"]["email"]
    assert rows["account"]["in_app"] and rows["account"]["email"]


def test_preferences_set_saves_and_keeps_what_was_left_out(personas):
    preferences_set(actor=personas.pm, prefs={"system": {"email": True}})
    rows = {row["kind"]: row for row in preferences_of(personas.pm)}
    assert rows["system"] == {
        "kind": "system",
        "label": rows["system"]["label"],
        "in_app": True,
        "email": True,
    }
    preferences_set(actor=personas.pm, prefs={"system": {"in_app": False}})
    saved = NotificationPreference.objects.get(user=personas.pm, kind="system")
    assert (saved.in_app, saved.email) == (False, True)
    assert not NotificationPreference.objects.filter(user=personas.member).exists()


def test_preferences_set_refuses_bad_input_and_changes_nothing(personas):
    with pytest.raises(ValidationFailed) as error:
        preferences_set(actor=personas.pm, prefs={"system": {"email": True}, "nope": {"email": True}})
    assert set(error.value.fields) == {"nope"}
    with pytest.raises(ValidationFailed) as error:
        preferences_set(actor=personas.pm, prefs={"system": {"email": "yes"}})
    assert "system" in error.value.fields
    with pytest.raises(ValidationFailed):
        preferences_set(actor=personas.pm, prefs={"system": {"sms": True}})
    assert not NotificationPreference.objects.filter(user=personas.pm).exists()


def test_preferences_set_needs_a_signed_in_person(personas):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(Forbidden):
        preferences_set(actor=AnonymousUser(), prefs={})
