"""The columns of the contracts, payments and instalments lists: label, cell, export value, and for sortable ones
the field sorted on and the index that serves it. Cells read only what the lists' querysets loaded."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from atrium.contracts.models import InstalmentStatus
from atrium.lists.cells import Cell, choice_cell, link_cell, person_cell
from atrium.lists.specs import Column
from atrium.sales.list_columns import related_name, yuan


def _money(name: str) -> Callable[[Any], Cell]:
    return lambda row: Cell(text=yuan(getattr(row, name)))


def _date(name: str) -> Callable[[Any], Cell]:
    def make(row: Any) -> Cell:
        value = getattr(row, name)
        return Cell(text=value.isoformat() if value else "—", muted=value is None)

    return make


def _outstanding_cell(row: Any) -> Cell:
    return Cell(text=yuan(row.outstanding), muted=not row.outstanding)


CONTRACT_COLUMNS = [
    Column(
        "number",
        pgettext_lazy("record number", "Number"),
        cell=link_cell("contracts:detail", text="number"),
        sort="number",
        index="unique",
    ),
    Column("title", _("Title"), sort="title", index="contract_title_id"),
    Column(
        "customer",
        _("Customer"),
        cell=link_cell("customers:detail", record="customer"),
        export=related_name("customer"),
    ),
    Column("amount", _("Amount (¥)"), cell=_money("amount"), sort="amount", index="contract_amount_id"),
    Column("received", _("Received (¥)"), cell=_money("received")),
    Column(
        "outstanding",
        _("Still to collect (¥)"),
        cell=_outstanding_cell,
        export=lambda: lambda row: row.outstanding,
    ),
    Column("invoiced", _("Invoiced (¥)"), cell=_money("invoiced")),
    Column("status", _("Status"), cell=choice_cell("status")),
    Column(
        "signed_on", _("Signed on"), cell=_date("signed_on"), sort="signed_on", index="contract_signed_id"
    ),
    Column("starts_on", _("Starts"), cell=_date("starts_on")),
    Column("ends_on", _("Ends"), cell=_date("ends_on")),
    Column("owner", _("Owner"), cell=person_cell("owner"), export=related_name("owner")),
    Column("created_at", _("Created"), sort="id", index="pk"),
]


def _instalment_status_cell(row: Any) -> Cell:
    status = row.status_on(timezone.localdate())
    return Cell(
        text=str(InstalmentStatus(status).label),
        muted=status in (InstalmentStatus.PAID, InstalmentStatus.NOT_DUE),
    )


def _instalment_status_export():
    today = timezone.localdate()
    return lambda row: str(InstalmentStatus(row.status_on(today)).label)


INSTALMENT_COLUMNS = [
    Column("name", _("Instalment")),
    Column(
        "contract",
        _("Contract"),
        cell=link_cell("contracts:detail", text="number", record="contract"),
        export=lambda: lambda row: row.contract.number,
    ),
    Column(
        "customer",
        _("Customer"),
        cell=link_cell("customers:detail", record="contract.customer"),
        export=related_name("contract.customer"),
    ),
    Column("amount", _("Amount (¥)"), cell=_money("amount")),
    Column("received", _("Received (¥)"), cell=_money("received")),
    Column(
        "balance", _("Still to collect (¥)"), cell=_money("balance"), export=lambda: lambda row: row.balance
    ),
    Column("due_on", _("Due date"), cell=_date("due_on"), sort="due_on", index="instalment_due_id"),
    Column("status", _("Status"), cell=_instalment_status_cell, export=_instalment_status_export),
    Column("owner", _("Owner"), cell=person_cell("contract.owner"), export=related_name("contract.owner")),
]


def _allocated_to(row: Any) -> str:
    return "；".join(f"{a.instalment.name} {yuan(a.amount)}" for a in row.allocations.all())


PAYMENT_COLUMNS = [
    Column(
        "received_on",
        _("Received on"),
        cell=_date("received_on"),
        sort="received_on",
        index="payment_received_id",
    ),
    Column(
        "contract",
        _("Contract"),
        cell=link_cell("contracts:detail", text="number", record="contract"),
        export=lambda: lambda row: row.contract.number,
    ),
    Column(
        "customer",
        _("Customer"),
        cell=link_cell("customers:detail", record="contract.customer"),
        export=related_name("contract.customer"),
    ),
    Column("amount", _("Amount (¥)"), cell=_money("amount"), sort="amount", index="payment_amount_id"),
    Column("method", _("Method"), cell=choice_cell("method")),
    Column("reference", _("Reference")),
    Column(
        "allocations",
        _("Allocated to"),
        cell=lambda row: Cell(text=_allocated_to(row)),
        export=lambda: _allocated_to,
    ),
    Column("note", _("Note")),
    Column("created_by", _("Recorded by"), cell=person_cell("created_by"), export=related_name("created_by")),
    Column("created_at", _("Recorded"), sort="id", index="pk"),
]
