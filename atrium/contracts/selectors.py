"""Reads of contracts, through the access layer: a contract with its plan (each instalment's status computed),
payments and invoices; a deal's and a customer's contracts for their pages; the customer's transaction history
(deals, quotes, contracts, instalments, payments, invoices and what is still to collect) in one screen."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.utils import timezone

from atrium.contracts.models import (
    COLLECTING,
    Contract,
    ContractStatus,
    Instalment,
    InstalmentStatus,
    Invoice,
    Payment,
    PaymentAllocation,
)
from atrium.core.access import can, get_visible, may, visible

ZERO = Decimal("0.00")
SHOWN = 10
HISTORY_ROWS = 20


def contract_get(user: Any, contract_id: Any) -> Contract:
    qs = Contract.objects.select_related(
        "customer", "contact", "deal", "quote", "quote_version", "owner", "created_by"
    )
    return get_visible(user, "contract", contract_id, qs)


def instalments_of(contract: Contract) -> list[Instalment]:
    today = timezone.localdate()
    rows = list(contract.instalments.order_by("position", "id"))
    for row in rows:
        mark_status(row, today)
    return rows


def mark_status(row: Instalment, today: Any) -> None:
    """Set the instalment's status on this day and its label, for pages that show them."""
    status = row.status_on(today)
    row.current_status = status  # type: ignore[attr-defined]
    row.status_label = InstalmentStatus(status).label  # type: ignore[attr-defined]


def payments_of(user: Any, contract: Contract) -> list[Payment]:
    if not can(user, "payment", "view"):
        return []
    qs = (
        Payment.objects.filter(contract=contract)
        .select_related("created_by")
        .prefetch_related(
            Prefetch("allocations", queryset=PaymentAllocation.objects.select_related("instalment"))
        )
    )
    return list(visible(user, "payment", qs).order_by("-received_on", "-id"))


def invoices_of(user: Any, contract: Contract) -> list[Invoice]:
    if not can(user, "invoice", "view"):
        return []
    return list(
        visible(user, "invoice", Invoice.objects.filter(contract=contract)).order_by("-issued_on", "-id")
    )


def contract_permissions(user: Any, contract: Contract) -> dict[str, bool]:
    editable = contract.status not in (ContractStatus.COMPLETED, ContractStatus.TERMINATED)
    can_edit = may(user, "contract", "edit", contract)
    return {
        "can_edit": can_edit and editable,
        "can_change_status": can_edit,
        "can_delete": may(user, "contract", "delete", contract) and contract.status == ContractStatus.DRAFT,
        "can_pay": can(user, "payment", "create") and contract.status in COLLECTING,
        "can_invoice": can(user, "invoice", "create") and contract.status in COLLECTING,
        "can_delete_payment": can(user, "payment", "delete"),
        "can_delete_invoice": can(user, "invoice", "delete"),
    }


def _listed(user: Any, qs: QuerySet) -> QuerySet:
    return visible(user, "contract", qs.select_related("owner", "customer")).order_by("-pk")


def deal_contracts(user: Any, deal: Any) -> dict[str, Any] | None:
    """The deal page's 合同 section: the deal's contracts the viewer sees, and whether a new one may start."""
    if not can(user, "contract", "view"):
        return None
    contracts = list(_listed(user, Contract.objects.filter(deal=deal))[:SHOWN])
    may_create = can(user, "contract", "create") and (deal.state == "won" or _has_accepted_quote(deal))
    if not contracts and not may_create:
        return None
    return {"deal": deal, "contracts": contracts, "can_create": may_create}


def _has_accepted_quote(deal: Any) -> bool:
    from atrium.sales.models import QuoteVersion

    return QuoteVersion.objects.filter(quote__deal=deal, status="accepted").exists()


def customer_contracts(user: Any, customer: Any) -> dict[str, Any] | None:
    """The customer page's 合同与回款 section: the customer's contracts the viewer sees and their totals."""
    if not can(user, "contract", "view"):
        return None
    qs = _listed(user, Contract.objects.filter(customer=customer))
    contracts = list(qs[:SHOWN])
    totals = _totals(qs)
    return {"customer": customer, "contracts": contracts, "totals": totals}


def _totals(qs: QuerySet) -> dict[str, Decimal]:
    signed = qs.exclude(status__in=(ContractStatus.DRAFT, ContractStatus.TERMINATED)).order_by()
    sums = signed.aggregate(amount=Sum("amount"), received=Sum("received"), invoiced=Sum("invoiced"))
    amount = sums["amount"] or ZERO
    received = sums["received"] or ZERO
    return {
        "amount": amount,
        "received": received,
        "invoiced": sums["invoiced"] or ZERO,
        "outstanding": max(amount - received, ZERO),
    }


@dataclass
class TransactionHistory:
    customer: Any
    deals: list[Any] = field(default_factory=list)
    quotes: list[Any] = field(default_factory=list)
    contracts: list[Contract] = field(default_factory=list)
    instalments: list[Instalment] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    invoices: list[Invoice] = field(default_factory=list)
    totals: dict[str, Decimal] = field(default_factory=dict)
    overdue: Decimal = ZERO
    more: set[str] = field(
        default_factory=set
    )  # the parts with more rows than shown (the lists show them all)


def _capped(history: TransactionHistory, part: str, qs: QuerySet) -> list[Any]:
    rows = list(qs[: HISTORY_ROWS + 1])
    if len(rows) > HISTORY_ROWS:
        history.more.add(part)
    return rows[:HISTORY_ROWS]


def _sales_parts(user: Any, customer: Any, history: TransactionHistory) -> None:
    from atrium.sales.models import Deal, Quote, QuoteVersion

    if can(user, "deal", "view"):
        deals = visible(user, "deal", Deal.objects.filter(customer=customer).select_related("stage", "owner"))
        history.deals = _capped(history, "deals", deals.order_by("-pk"))
    if can(user, "quote", "view"):
        latest = QuoteVersion.objects.filter(quote=OuterRef("pk")).order_by("-number")
        quotes = visible(user, "quote", Quote.objects.filter(deal__customer=customer)).annotate(
            latest_number=Subquery(latest.values("number")[:1]),
            latest_total=Subquery(latest.values("total")[:1]),
        )
        history.quotes = _capped(history, "quotes", quotes.order_by("-pk"))


def transaction_history(user: Any, customer: Any) -> TransactionHistory:
    """What the viewer may see of what the customer bought and paid: the newest deals, quotes, contracts,
    payments and invoices, the instalments still to collect by due date (each part capped at
    ``HISTORY_ROWS``; the lists filtered by customer show the rest), and the totals over all of it in SQL."""
    history = TransactionHistory(customer=customer)
    _sales_parts(user, customer, history)
    if not can(user, "contract", "view"):
        return history
    contracts = _listed(user, Contract.objects.filter(customer=customer))
    history.contracts = _capped(history, "contracts", contracts)
    history.totals = _totals(contracts)
    ids = Subquery(contracts.order_by().values("pk"))
    today = timezone.localdate()
    collecting = Instalment.objects.filter(contract_id__in=ids, received__lt=F("amount")).exclude(
        contract__status__in=(ContractStatus.DRAFT, ContractStatus.TERMINATED)
    )
    overdue = collecting.filter(due_on__lt=today).aggregate(total=Sum(F("amount") - F("received")))
    history.overdue = overdue["total"] or ZERO
    instalments = collecting.select_related("contract").only(
        "name", "amount", "received", "due_on", "contract_id", "contract__number"
    )
    history.instalments = _capped(history, "instalments", instalments.order_by("due_on", "id"))
    for row in history.instalments:
        mark_status(row, today)
    if can(user, "payment", "view"):
        payments = visible(user, "payment", Payment.objects.filter(contract_id__in=ids)).select_related(
            "contract"
        )
        payments = payments.only("amount", "received_on", "method", "contract_id", "contract__number")
        history.payments = _capped(history, "payments", payments.order_by("-received_on", "-id"))
    if can(user, "invoice", "view"):
        invoices = visible(user, "invoice", Invoice.objects.filter(contract_id__in=ids)).select_related(
            "contract"
        )
        invoices = invoices.only("number", "kind", "amount", "issued_on", "contract_id", "contract__number")
        history.invoices = _capped(history, "invoices", invoices.order_by("-issued_on", "-id"))
    return history
