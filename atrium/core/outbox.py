"""The durable outbox: deliveries of durable events that must not be lost (webhooks, automation, e-mail).

``emit()`` of a durable event calls ``outbox_write()`` inside the emitting transaction: one ``OutboxMessage``
per subscriber. After commit a worker task delivers those rows (``outbox_deliver``); every minute
``outbox_sweep`` delivers whatever is still due — rows whose hand-off was lost (the process died between
commit and queueing, the queue was down), retries whose back-off has passed, and claims abandoned by a worker
that died mid-delivery (older than ``CLAIM_LEASE``).

Each row is claimed by one conditional UPDATE (pending and due → delivering), so two workers never deliver one
row twice. The subscriber runs in a transaction together with marking the row delivered: what it writes to
the database happens exactly once. What it sends outside may be repeated after a crash, so it gets the row's
``delivery_key`` to de-duplicate with. A failing subscriber is retried after 1, 2, 4 … minutes (at most an
hour apart); after ``MAX_ATTEMPTS`` the row is ``failed`` with its last error (``outbox_failures()``).
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from atrium.core.models import OutboxMessage

if TYPE_CHECKING:
    from atrium.core.events import EventSpec

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
CLAIM_LEASE = datetime.timedelta(minutes=10)
SWEEP_BATCH = 500
Status = OutboxMessage.Status


def retry_delay(attempts: int) -> datetime.timedelta:
    """Back-off after the ``attempts``-th failed attempt: 1, 2, 4, … minutes, at most an hour."""
    return datetime.timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


def outbox_write(spec: EventSpec, payload: dict[str, Any], handler_names: Iterable[str]) -> list[int]:
    """Inside the emitting transaction: one pending row per subscriber; their delivery is queued on commit."""
    now = timezone.now()
    rows = OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(
                event=spec.name,
                handler=name,
                payload=payload,
                delivery_key=uuid.uuid4().hex,
                next_attempt_at=now,
            )
            for name in handler_names
        ]
    )
    ids = [row.pk for row in rows]
    transaction.on_commit(partial(_hand_off, ids))
    return ids


def _hand_off(ids: list[int]) -> None:
    """Queue the delivery; if the queue refuses, the sweep delivers the rows later."""
    try:
        from atrium.core.tasks import deliver_outbox

        deliver_outbox(ids)
    except Exception:
        logger.exception("could not queue outbox rows %s; the sweep will deliver them", ids)


def _due_q(now: datetime.datetime) -> Q:
    return Q(status=Status.PENDING, next_attempt_at__lte=now) | Q(
        status=Status.DELIVERING, claimed_at__lt=now - CLAIM_LEASE
    )


def outbox_claim(pk: int, now: datetime.datetime | None = None) -> datetime.datetime | None:
    """Claim one due row for delivery; the claim time when this caller won, None when it is not due or
    another worker has it."""
    now = now or timezone.now()
    won = OutboxMessage.objects.filter(_due_q(now), pk=pk).update(
        status=Status.DELIVERING, claimed_at=now, attempts=F("attempts") + 1
    )
    return now if won else None


def _deliver_claimed(row: OutboxMessage, claimed_at: datetime.datetime) -> bool:
    from atrium.core.events import handler_by_name

    mine = OutboxMessage.objects.filter(pk=row.pk, status=Status.DELIVERING, claimed_at=claimed_at)
    handler = handler_by_name(row.event, row.handler)
    try:
        if handler is None:
            raise LookupError(f"no subscriber {row.handler!r} of {row.event!r}")
        with transaction.atomic():
            handler(**row.payload, delivery_key=row.delivery_key)
            mine.update(status=Status.DELIVERED, delivered_at=timezone.now(), last_error="")
        return True
    except Exception as exc:
        failed = row.attempts >= MAX_ATTEMPTS
        logger.log(
            logging.ERROR if failed else logging.WARNING,
            "outbox row %s (%s → %s) attempt %s failed: %s",
            row.pk,
            row.event,
            row.handler,
            row.attempts,
            exc,
        )
        mine.update(
            status=Status.FAILED if failed else Status.PENDING,
            next_attempt_at=timezone.now() + retry_delay(row.attempts),
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        return False


def outbox_deliver(ids: Iterable[int], now: datetime.datetime | None = None) -> int:
    """Deliver the given rows (those still due and not claimed by another worker); returns how many were
    delivered."""
    delivered = 0
    for pk in sorted(set(ids)):
        claimed_at = outbox_claim(pk, now)
        if claimed_at is None:
            continue
        row = OutboxMessage.objects.get(pk=pk)
        delivered += _deliver_claimed(row, claimed_at)
    return delivered


def outbox_sweep(now: datetime.datetime | None = None) -> int:
    """Every minute: deliver every due row (lost hand-offs, retries, abandoned claims), oldest first."""
    now = now or timezone.now()
    delivered = 0
    last_pk = 0
    while True:
        ids = list(
            OutboxMessage.objects.filter(_due_q(now), pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", flat=True)[:SWEEP_BATCH]
        )
        if not ids:
            return delivered
        delivered += outbox_deliver(ids, now)
        last_pk = ids[-1]


def outbox_failures() -> QuerySet[OutboxMessage]:
    """Deliveries that gave up, newest first (to look into and retry with ``outbox_retry``)."""
    return OutboxMessage.objects.filter(status=Status.FAILED).order_by("-id")


def outbox_retry(ids: Iterable[int]) -> int:
    """Make failed rows due again (after fixing what made them fail)."""
    return OutboxMessage.objects.filter(pk__in=list(ids), status=Status.FAILED).update(
        status=Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
