"""The durable outbox, on SQLite and PostgreSQL: written with the change, delivered after commit by the worker,
swept when the hand-off was lost, claimed by one worker only, retried with back-off, visibly failed at the end."""

from __future__ import annotations

import datetime
import threading
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import timezone

from atrium.core.events import declare_event, emit, subscribe
from atrium.core.models import OperationLog, OutboxMessage
from atrium.core.outbox import (
    CLAIM_LEASE,
    MAX_ATTEMPTS,
    outbox_claim,
    outbox_deliver,
    outbox_failures,
    outbox_retry,
    outbox_sweep,
    retry_delay,
)

Status = OutboxMessage.Status
delivered: list[dict[str, Any]] = []


def record_delivery(**payload: Any) -> None:
    delivered.append(payload)
    # What the subscriber writes commits together with the row being marked delivered.
    OperationLog.objects.create(action="other", kind="test", summary=f"delivered {payload['n']}")


def fail_delivery(**payload: Any) -> None:
    OperationLog.objects.create(action="other", kind="test", summary="half done")
    raise ConnectionError("webhook endpoint down")


declare_event("test.durable", ("n",), durable=True)
declare_event("test.durable_failing", ("n",), durable=True)
subscribe("test.durable", record_delivery)
subscribe("test.durable_failing", fail_delivery)


@pytest.fixture(autouse=True)
def _fresh_deliveries():
    delivered.clear()


@pytest.mark.django_db(transaction=True)
def test_durable_event_is_written_with_the_change_and_delivered_after_commit():
    with transaction.atomic():
        emit("test.durable", n=1)
        row = OutboxMessage.objects.get()
        assert row.status == Status.PENDING and delivered == []
    row.refresh_from_db()  # the worker (immediate in tests) was handed the row on commit
    assert row.status == Status.DELIVERED and row.attempts == 1 and row.delivered_at is not None
    assert delivered == [{"n": 1, "delivery_key": row.delivery_key}]
    assert outbox_sweep() == 0 and outbox_deliver([row.pk]) == 0  # never twice
    assert len(delivered) == 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_leaves_no_outbox_row():
    with pytest.raises(RuntimeError), transaction.atomic():
        emit("test.durable", n=2)
        raise RuntimeError("the service failed")
    assert not OutboxMessage.objects.exists() and delivered == []


def test_crash_between_commit_and_hand_off_is_delivered_by_the_sweep(db):
    # Inside this test's transaction on-commit hand-offs never run: exactly what a process that died right
    # after committing leaves behind — a pending row and nobody told.
    emit("test.durable", n=3)
    row = OutboxMessage.objects.get()
    assert row.status == Status.PENDING and delivered == []
    assert outbox_sweep() == 1
    row.refresh_from_db()
    assert row.status == Status.DELIVERED and [d["n"] for d in delivered] == [3]
    assert OperationLog.objects.filter(summary="delivered 3").count() == 1
    assert outbox_sweep() == 0


def test_a_worker_that_died_mid_delivery_is_replaced_after_the_lease(db):
    emit("test.durable", n=4)
    row = OutboxMessage.objects.get()
    claimed_at = outbox_claim(row.pk)
    assert claimed_at is not None  # claimed, then the worker vanished without delivering
    assert outbox_claim(row.pk) is None  # within the lease nobody else may take it
    assert outbox_sweep() == 0
    assert outbox_sweep(claimed_at + CLAIM_LEASE + datetime.timedelta(seconds=1)) == 1
    row.refresh_from_db()
    assert row.status == Status.DELIVERED and row.attempts == 2


def test_failures_are_retried_with_back_off_then_marked_failed(db):
    emit("test.durable_failing", n=5)
    row = OutboxMessage.objects.get()
    now = timezone.now()
    assert outbox_deliver([row.pk], now) == 0
    row.refresh_from_db()
    assert row.status == Status.PENDING and row.attempts == 1
    assert "webhook endpoint down" in row.last_error
    assert row.next_attempt_at >= now + retry_delay(1) - datetime.timedelta(seconds=5)
    assert not OperationLog.objects.filter(summary="half done").exists()  # the failed attempt left nothing
    assert outbox_sweep(now) == 0  # not due before its back-off
    moment = now
    for _attempt in range(MAX_ATTEMPTS - 1):
        moment += datetime.timedelta(hours=2)
        outbox_sweep(moment)
    row.refresh_from_db()
    assert row.status == Status.FAILED and row.attempts == MAX_ATTEMPTS
    assert list(outbox_failures()) == [row]
    assert outbox_sweep(moment + datetime.timedelta(days=1)) == 0  # failed rows wait for a person
    assert outbox_retry([row.pk]) == 1
    row.refresh_from_db()
    assert row.status == Status.PENDING and row.attempts == 0


def test_back_off_grows_and_is_capped():
    assert [retry_delay(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert retry_delay(20) == datetime.timedelta(hours=1)


@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_at_once_deliver_a_row_once():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent claims need two real connections at once: run with ATRIUM_DATABASE_URL")
    with transaction.atomic():
        OutboxMessage.objects.create(
            event="test.durable",
            handler="atrium.core.tests.test_outbox.record_delivery",
            payload={"n": 6},
            delivery_key="two-workers",
            next_attempt_at=timezone.now(),
        )
    row = OutboxMessage.objects.get()
    start = threading.Barrier(2)
    results: list[int] = []

    def worker() -> None:
        try:
            start.wait()
            results.append(outbox_deliver([row.pk]))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 1]
    assert [d["n"] for d in delivered] == [6]
    assert OutboxMessage.objects.get().status == Status.DELIVERED
