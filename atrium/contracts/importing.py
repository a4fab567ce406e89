"""Importing received payments (found by ``atrium.imports`` at start-up), e.g. a bank statement: each row names
its contract by number (one the importer sees, signed, and whose payments their role lets them record), an
amount, a date and optionally the method, reference and notes. Each payment goes to its contract's instalments
oldest first, rows of the same contract one after another as in the file; more than is still due needs an
overpayment note in the row. New payments only; the whole file is one transaction (all or nothing)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from atrium.contracts.models import (
    COLLECTING,
    Contract,
    Instalment,
    Payment,
    PaymentAllocation,
    PaymentMethod,
)
from atrium.contracts.services.payments import PAYMENT_WRITES, may_record_on, refresh_received
from atrium.contracts.validation import clean_payment_fields
from atrium.core.access import visible
from atrium.core.audit import audit_records, snapshot
from atrium.core.bulk_insert import insert_instances
from atrium.core.errors import ValidationFailed
from atrium.customers.importing.cleaning import clean_cells
from atrium.customers.validation import clean_text
from atrium.imports.registry import (
    CheckedRow,
    ImportField,
    ImportOptionsLike,
    ImportSpec,
    SourceRow,
    register_import,
)
from atrium.sales.list_columns import yuan

KIND = "payment"
ZERO = Decimal("0.00")
FIELDS = (
    ImportField(
        "contract",
        gettext_lazy("Contract number"),
        ("合同编号", "合同号", "合同", "contract", "contract number", "contract no"),
        required=True,
    ),
    ImportField(
        "amount",
        gettext_lazy("Amount"),
        ("金额", "回款金额", "收款金额", "金额(元)", "金额（元）", "amount"),
        required=True,
    ),
    ImportField(
        "received_on",
        gettext_lazy("Received on"),
        ("回款日期", "收款日期", "到账日期", "日期", "date", "received on"),
        required=True,
    ),
    ImportField("method", gettext_lazy("Method"), ("收款方式", "付款方式", "方式", "method")),
    ImportField(
        "reference", gettext_lazy("Reference"), ("流水号", "交易单号", "银行流水号", "凭证号", "reference")
    ),
    ImportField("note", gettext_lazy("Note"), ("备注", "说明", "note", "notes", "remark")),
    ImportField(
        "overpayment_note", gettext_lazy("Overpayment note"), ("超额收款说明", "超额说明", "overpayment note")
    ),
)
# What people write for a method: the labels in both languages and the codes.
METHOD_WORDS = {
    **{str(code): code for code in PaymentMethod.values},
    "银行转账": "bank",
    "转账": "bank",
    "银行": "bank",
    "bank transfer": "bank",
    "微信": "wechat",
    "微信支付": "wechat",
    "wechat pay": "wechat",
    "支付宝": "alipay",
    "现金": "cash",
}


def _method(raw: str) -> str:
    text = raw.strip().casefold()
    if text not in METHOD_WORDS:
        raise ValidationError(_("Write one of 银行转账, 微信, 支付宝 or 现金."))
    return METHOD_WORDS[text]


class PaymentChecker:
    def __init__(self, actor: Any, options: ImportOptionsLike) -> None:
        self.actor = actor
        self.cleaners = {
            "contract": lambda v: clean_text(v, max_length=20, required=True),
            "amount": lambda v: v,
            "received_on": lambda v: v.strip().replace("/", "-"),  # 2026/11/20 as people write it
            "method": _method,
            "reference": lambda v: v,
            "note": lambda v: v,
            "overpayment_note": lambda v: v,
        }
        self.balances: dict[int, list[list[Any]]] = {}  # contract → [instalment id, what it still expects]

    def check_batch(self, rows: Sequence[SourceRow]) -> list[CheckedRow]:
        checked = [clean_cells(row, self.cleaners, ("contract", "amount", "received_on")) for row in rows]
        for row in checked:
            self._own_fields(row)
        contracts = self._contracts(
            {row.data["contract"] for row in checked if row.data and row.data.get("contract")}
        )
        for row in checked:
            self._place(row, contracts)
        return checked

    @staticmethod
    def _own_fields(row: CheckedRow) -> None:
        data = row.data or {}
        if {"amount", "received_on"} - set(data):
            return
        try:
            data.update(clean_payment_fields({k: v for k, v in data.items() if k != "contract"}))
        except ValidationFailed as exc:
            for key, messages in exc.fields.items():
                data.pop(key, None)
                row.fail(key, " ".join(str(m) for m in messages))

    def _contracts(self, numbers: set[str]) -> dict[str, Contract]:
        found = visible(self.actor, "contract", Contract.objects.filter(number__in=numbers)).select_related(
            "owner"
        )
        return {contract.number: contract for contract in found}

    def _place(self, row: CheckedRow, contracts: dict[str, Contract]) -> None:
        data = row.data or {}
        number = data.pop("contract", None)
        if not number:
            return
        contract = contracts.get(number)
        if contract is None:
            row.fail(
                "contract",
                _("No contract “%(number)s” among the contracts you can see.") % {"number": number},
            )
            return
        if not may_record_on(self.actor, KIND, contract):
            row.fail(
                "contract", _("You may not record payments of contract %(number)s.") % {"number": number}
            )
            return
        if contract.status not in COLLECTING:
            row.fail("contract", _("Contract %(number)s is not signed.") % {"number": number})
            return
        data["contract_id"] = contract.pk
        if row.ok:
            self._allocate(row, contract)

    def _allocate(self, row: CheckedRow, contract: Contract) -> None:
        data = row.data or {}
        plan = self.balances.get(contract.pk)
        if plan is None:
            rows = Instalment.objects.filter(contract=contract).order_by("position", "id")
            plan = self.balances[contract.pk] = [[i.pk, i.balance] for i in rows]
        if not plan:
            row.fail("contract", _("This contract has no payment plan yet."))
            return
        left, taken = data["amount"], []
        for entry in plan:
            share = min(entry[1], left)
            if share > 0:
                taken.append([entry, share])
                left -= share
        if left > 0 and not data.get("overpayment_note"):
            due = sum((entry[1] for entry in plan), ZERO)
            row.fail(
                "amount",
                _("Only %(due)s is still due on %(number)s: more needs an overpayment note in the row.")
                % {"due": yuan(due), "number": contract.number},
            )
            return
        if left > 0:
            taken.append([plan[-1], left])
        for entry, share in taken:
            entry[1] = max(entry[1] - share, ZERO)
        data["allocations"] = [(entry[0], share) for entry, share in taken]


class PaymentWriter:
    indexes_created = True  # payments are not in global search

    def __init__(self, actor: Any, options: ImportOptionsLike) -> None:
        self.actor = actor
        self.summary = _("Imported")

    def write_batch(self, rows: Sequence[CheckedRow]) -> tuple[list[int], list[int]]:
        payments, allocations = [], []
        for row in rows:
            data = dict(row.data or {})
            shares = data.pop("allocations")
            payment = Payment(**data, created_by_id=self.actor.pk)
            payments.append(payment)
            allocations.append(shares)
        insert_instances(payments)
        merged: dict[tuple[int, int], Decimal] = {}
        for payment, shares in zip(payments, allocations, strict=True):
            for instalment_id, share in shares:
                merged[(payment.pk, instalment_id)] = merged.get((payment.pk, instalment_id), ZERO) + share
        insert_instances(
            [PaymentAllocation(payment_id=p, instalment_id=i, amount=a) for (p, i), a in merged.items()]
        )
        for contract in Contract.objects.filter(pk__in={p.contract_id for p in payments}):
            refresh_received(contract)
        audit_records(
            actor=self.actor,
            action="create",
            kind=KIND,
            summary=self.summary,
            records=((p.pk, str(p.reference or p.pk), {}, _logged(p)) for p in payments),
        )
        return [p.pk for p in payments], []


def _logged(payment: Payment) -> dict[str, Any]:
    values = snapshot(payment, PAYMENT_WRITES.audited)
    return {key: value for key, value in values.items() if value not in ("", None)}


PAYMENTS = ImportSpec(
    key="payments",
    kind=KIND,
    label=gettext_lazy("Payments received"),
    fields=FIELDS,
    update_keys=(),
    make_checker=PaymentChecker,
    make_writer=PaymentWriter,
)
register_import(PAYMENTS)
