"""The audit mechanism: log rows live and die with their transaction, record old → new, and are append-only."""

from __future__ import annotations

import datetime
import decimal

import pytest
from django.db import transaction

from atrium.accounts.models import ApiToken, Department
from atrium.accounts.services import department_update, token_create
from atrium.core.audit import audit, changes_between, snapshot
from atrium.core.errors import ValidationFailed
from atrium.core.models import OperationLog
from atrium.core.request_context import RequestContext, reset_request_context, set_request_context

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def test_rolled_back_transaction_leaves_neither_change_nor_log_row(personas):
    logs_before = OperationLog.objects.count()
    with pytest.raises(Boom), transaction.atomic():
        token_create(actor=personas.sales1, name="doomed")
        assert ApiToken.objects.filter(name="doomed").exists()
        assert OperationLog.objects.count() == logs_before + 1
        raise Boom()
    assert not ApiToken.objects.filter(name="doomed").exists()
    assert OperationLog.objects.count() == logs_before


def test_refused_service_call_writes_no_log_row(personas):
    logs_before = OperationLog.objects.count()
    with pytest.raises(ValidationFailed):
        token_create(actor=personas.sales1, name="   ")
    assert OperationLog.objects.count() == logs_before
    assert not ApiToken.objects.filter(user=personas.sales1).exists()


def test_service_update_logs_old_and_new_values(personas):
    department = Department.objects.get(name="销售一部")
    department_update(actor=personas.admin, department_id=department.pk, version=None, name="销售三部")
    entry = OperationLog.objects.filter(kind="department", action="update").latest("id")
    assert entry.changes == {"name": ["销售一部", "销售三部"]}
    assert entry.object_id == str(department.pk)
    assert entry.actor == personas.admin


def test_changes_between_keeps_only_changed_fields_as_old_new():
    before = {"name": "旧名", "amount": decimal.Decimal("1.50"), "day": datetime.date(2024, 5, 1), "same": 1}
    after = {"name": "新名", "amount": decimal.Decimal("2.00"), "day": datetime.date(2024, 5, 1), "same": 1}
    assert changes_between(before, after) == {"name": ["旧名", "新名"], "amount": ["1.50", "2.00"]}
    assert changes_between({}, {"name": "x"}) == {"name": [None, "x"]}
    assert changes_between({"name": "x"}, {}) == {"name": ["x", None]}


def test_snapshot_stores_foreign_keys_by_id(personas):
    snap = snapshot(personas.sales1, ["username", "department"])
    assert snap == {"username": "sales1", "department": personas.sales1.department_id}


def test_audit_takes_ip_and_user_agent_from_the_request_context(personas):
    token = set_request_context(RequestContext(ip="203.0.113.7", user_agent="curl/8"))
    try:
        entry = audit(actor=personas.sales1, action="other", kind="memo", object_id=5, summary="x")
    finally:
        reset_request_context(token)
    entry.refresh_from_db()
    assert (entry.ip, entry.user_agent, entry.actor_name, entry.object_id) == (
        "203.0.113.7",
        "curl/8",
        "sales1",
        "5",
    )


def test_saved_rows_cannot_be_changed_or_deleted(personas):
    entry = audit(actor=personas.sales1, action="other", summary="original")
    entry.summary = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    assert OperationLog.objects.get(pk=entry.pk).summary == "original"


def test_queryset_update_delete_and_bulk_update_are_refused(personas):
    entry = audit(actor=personas.sales1, action="other", summary="original")
    with pytest.raises(PermissionError):
        OperationLog.objects.filter(pk=entry.pk).update(summary="rewritten")
    with pytest.raises(PermissionError):
        OperationLog.objects.filter(pk=entry.pk).delete()
    entry.summary = "rewritten"
    with pytest.raises(PermissionError), transaction.atomic():
        OperationLog.objects.bulk_update([entry], ["summary"])
    assert OperationLog.objects.filter(pk=entry.pk, summary="original").exists()
