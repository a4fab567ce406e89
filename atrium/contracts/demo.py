"""Demo data of contracts: three contracts of won demo deals, each signed with the usual four-instalment plan
(开工 30 % / 水电验收 40 % / 竣工 25 % / 质保 5 %) laid from past dates, partly paid — one instalment left overdue —,
with an invoice each."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from atrium.contracts.models import Contract
from atrium.contracts.services import contract_create, invoice_create, payment_record
from atrium.contracts.services.plans import USUAL_PLAN
from atrium.core.demo import register_seeder
from atrium.sales.models import Deal, StageKind

# Days before today that each contract was signed; its instalments fall 0, 40, 90 and 180 days after.
SIGNED_AGO = (45, 20, 3)
OFFSETS = (0, 50, 90, 180)


def _plan(signed: datetime.date) -> list[dict[str, object]]:
    return [
        {"name": name, "percent": str(percent), "due_on": signed + datetime.timedelta(days=offset)}
        for (name, percent), offset in zip(USUAL_PLAN, OFFSETS, strict=True)
    ]


def _accepted(deal: Deal) -> bool:
    return deal.quotes.filter(versions__status="accepted").exists()


def _one_per_owner(won: Any) -> list[Deal]:
    """Up to three won deals, each salesperson's first before anyone's second."""
    firsts: list[Deal] = []
    rest: list[Deal] = []
    owners: set[int] = set()
    for deal in won[:200]:
        (rest if deal.owner_id in owners else firsts).append(deal)
        owners.add(deal.owner_id)
    return (firsts + rest)[: len(SIGNED_AGO)]


def seed_contracts() -> None:
    """Idempotent: nothing when a contract exists or there are no won demo deals."""
    if Contract.objects.exists():
        return
    deals = _one_per_owner(
        Deal.objects.filter(state=StageKind.WON).select_related("owner", "customer").order_by("pk")
    )
    if not deals:
        return
    from atrium.accounts.models import User

    admin = User.objects.filter(username="admin").first() or deals[0].owner
    today = timezone.localdate()
    with transaction.atomic():
        for index, (deal, ago) in enumerate(zip(deals, SIGNED_AGO, strict=False)):
            signed = today - datetime.timedelta(days=ago)
            contract = contract_create(
                actor=deal.owner,
                data={
                    "deal": deal.pk,
                    # The accepted quote's total when the client accepted one, else the deal's amount.
                    "amount": None if deal.amount or _accepted(deal) else "120000",
                    "signed_on": signed,
                    "starts_on": signed + datetime.timedelta(days=7),
                    "ends_on": signed + datetime.timedelta(days=120),
                    "instalments": _plan(signed),
                    "sign": True,
                },
            )
            first, second = list(contract.instalments.order_by("position"))[:2]
            # The first instalment paid in full on its date; the oldest contract's second one paid in part
            # today; the newest contract's first is overdue.
            if index < 2:
                payment_record(
                    actor=admin,
                    data={
                        "contract": contract.pk,
                        "amount": str(first.amount),
                        "received_on": first.due_on,
                        "method": "bank",
                        "reference": f"DEMO-{contract.pk}-1",
                    },
                )
            if index == 0:
                part = (second.amount / 2).quantize(Decimal("0.01"))
                payment_record(
                    actor=admin,
                    data={
                        "contract": contract.pk,
                        "amount": str(part),
                        "received_on": today,
                        "method": "wechat",
                        "note": "业主先付一半",
                    },
                )
            if index < 2:
                invoice_create(
                    actor=admin,
                    data={
                        "contract": contract.pk,
                        "number": f"{24400000 + contract.pk:08d}",
                        "kind": "ordinary",
                        "amount": str(first.amount),
                        "issued_on": first.due_on,
                    },
                )


register_seeder(40, "contracts", seed_contracts)
