"""Foundation events that notify the person concerned, in their language."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction

from atrium.accounts.models import Role
from atrium.accounts.services import user_deactivate, user_reactivate, user_set_roles
from atrium.core.events import emit
from atrium.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_role_change_notifies_the_user_in_app_and_by_email(personas, django_capture_on_commit_callbacks):
    manager_role = Role.objects.get(code="sales_manager")
    with django_capture_on_commit_callbacks(execute=True):
        user_set_roles(actor=personas.admin, user_id=personas.sales1.pk, role_ids=[manager_role.pk])
    notification = Notification.objects.get(recipient=personas.sales1)
    assert notification.kind == "account"
    assert notification.title == "您的角色已变更"
    assert manager_role.name in notification.body
    assert [m.to for m in mail.outbox] == [[personas.sales1.email]]  # "account" is e-mailed by default
    assert not Notification.objects.exclude(recipient=personas.sales1).exists()


def test_role_change_is_written_in_the_recipients_language(personas, django_capture_on_commit_callbacks):
    personas.sales1.language = "en"
    personas.sales1.save()
    with django_capture_on_commit_callbacks(execute=True):
        user_set_roles(actor=personas.admin, user_id=personas.sales1.pk, role_ids=[])
    notification = Notification.objects.get(recipient=personas.sales1)
    assert (notification.title, notification.body) == (
        "Your roles were changed",
        "You no longer have any role.",
    )


def test_role_change_rolled_back_notifies_nobody(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        user_set_roles(actor=personas.admin, user_id=personas.sales1.pk, role_ids=[])
        raise RuntimeError("rolled back")
    assert not Notification.objects.exists()


def test_password_reset_event_notifies_the_user(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        emit("user.password_reset", user_id=personas.pm.pk, actor_id=personas.admin.pk)
    notification = Notification.objects.get(recipient=personas.pm)
    assert notification.title == "管理员已重置您的密码"


def test_reactivation_notifies_the_user(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user_deactivate(actor=personas.admin, user_id=personas.member.pk)
        user_reactivate(actor=personas.admin, user_id=personas.member.pk)
    assert Notification.objects.get(recipient=personas.member).title == "您的账号已重新启用"
