"""Writes on received payments (回款) and invoices (发票).

A payment is recorded against a signed contract the actor can see and is allocated to its instalments: the ones
named with their amounts, or — none named — oldest first. The allocations add up to the payment; none goes
beyond what an instalment still expects unless the payment carries an overpayment note, and then the excess
stays on the last instalment it reaches. What each instalment and the contract received is recomputed from the
allocations in the same transaction, under the contract's row lock, so two payments at once cannot both take the
same balance.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from atrium.contracts.models import (
    COLLECTING,
    Contract,
    Instalment,
    Invoice,
    InvoiceKind,
    Payment,
    PaymentAllocation,
)
from atrium.contracts.validation import clean_invoice_fields, clean_payment_fields, positive_amount
from atrium.core.access import get_visible, reaches, require, scope_of
from atrium.core.actors import Actor, actor_id, is_system
from atrium.core.errors import Forbidden, NotFound, ServiceError, ValidationFailed
from atrium.core.events import emit
from atrium.core.kinds import Scope
from atrium.core.writes import WriteSpec, record_create, record_delete
from atrium.sales.list_columns import yuan

PAYMENT_WRITES = WriteSpec(
    kind="payment",
    audited=("contract", "amount", "received_on", "method", "reference", "note", "overpayment_note"),
    indexed=False,
)
INVOICE_WRITES = WriteSpec(
    kind="invoice", audited=("contract", "number", "kind", "amount", "issued_on", "note"), indexed=False
)
ZERO = Decimal("0.00")
MAX_ALLOCATIONS = 36


def may_record_on(actor: Actor, kind: str, contract: Contract) -> bool:
    """Whether the actor's create right on ``kind`` (payment, invoice) reaches the contract's owner."""
    scope = scope_of(actor, kind, "create")
    return scope == Scope.ALL or reaches(actor, scope, contract.owner)


def _contract(actor: Actor, value: Any, kind: str) -> Contract:
    """The contract, locked, among those the actor sees; recording on it needs the create right of ``kind``
    reaching its owner (a salesperson records payments of their own contracts, finance of every one)."""
    try:
        pk = int(getattr(value, "pk", value))
        found: Contract = get_visible(actor, "contract", pk)
    except (NotFound, TypeError, ValueError):
        raise ValidationFailed({"contract": [_("Choose a contract you can see.")]}) from None
    if not is_system(actor) and not may_record_on(actor, kind, found):
        raise Forbidden()
    return Contract.objects.select_for_update().get(pk=pk)


def _requested(raw: Any, instalments: dict[int, Instalment]) -> list[tuple[Instalment, Decimal]]:
    if not isinstance(raw, Sequence) or isinstance(raw, (str, bytes)) or len(raw) > MAX_ALLOCATIONS:
        raise ValidationFailed(
            {"allocations": [_("Send the allocations as a list of instalments and amounts.")]}
        )
    errors: dict[str, list[str]] = {}
    chosen: dict[int, Decimal] = {}
    for index, item in enumerate(raw, 1):
        if not isinstance(item, Mapping):
            errors[f"allocations.{index}"] = [_("Each allocation is an object.")]
            continue
        try:
            pk = int(getattr(item.get("instalment"), "pk", item.get("instalment")))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            pk = -1
        if pk not in instalments:
            errors[f"allocations.{index}.instalment"] = [_("Choose an instalment of this contract's plan.")]
            continue
        try:
            amount = positive_amount(item.get("amount"))
        except ValidationError as exc:
            errors[f"allocations.{index}.amount"] = [str(m) for m in exc.messages]
            continue
        chosen[pk] = chosen.get(pk, ZERO) + amount
    if errors:
        raise ValidationFailed(errors)
    return [(instalments[pk], amount) for pk, amount in chosen.items()]


def _oldest_first(
    amount: Decimal, instalments: list[Instalment], overpaid: bool
) -> list[tuple[Instalment, Decimal]]:
    left = amount
    taken: list[tuple[Instalment, Decimal]] = []
    for instalment in instalments:
        if left <= 0:
            break
        share = min(instalment.balance, left)
        if share > 0:
            taken.append((instalment, share))
            left -= share
    if left > 0:
        if not overpaid:
            due = sum((i.balance for i in instalments), ZERO)
            raise ValidationFailed(
                {
                    "amount": [
                        _(
                            "Only %(due)s is still due on this contract: a payment of %(amount)s needs an "
                            "overpayment note saying why."
                        )
                        % {"due": yuan(due), "amount": yuan(amount)}
                    ]
                }
            )
        last = instalments[-1]
        taken = [(i, a + left) if i.pk == last.pk else (i, a) for i, a in taken]
        if all(i.pk != last.pk for i, _a in taken):
            taken.append((last, left))
    return taken


def _allocations(
    contract: Contract, data: dict[str, Any], amount: Decimal
) -> list[tuple[Instalment, Decimal]]:
    instalments = list(contract.instalments.order_by("position", "id"))
    if not instalments:
        raise ValidationFailed({"allocations": [_("This contract has no payment plan yet.")]})
    overpaid = bool(data.get("overpayment_note"))
    raw = data.get("allocations")
    if raw in (None, "", []):
        return _oldest_first(amount, instalments, overpaid)
    chosen = _requested(raw, {i.pk: i for i in instalments})
    total = sum((a for _i, a in chosen), ZERO)
    if total != amount:
        raise ValidationFailed(
            {
                "allocations": [
                    _("The allocations add up to %(total)s, not to the payment's %(amount)s.")
                    % {"total": yuan(total), "amount": yuan(amount)}
                ]
            }
        )
    if not overpaid:
        for index, (instalment, share) in enumerate(chosen, 1):
            if share > instalment.balance:
                raise ValidationFailed(
                    {
                        f"allocations.{index}.amount": [
                            _("%(name)s expects only %(balance)s more: add an overpayment note to take more.")
                            % {"name": instalment.name, "balance": yuan(instalment.balance)}
                        ]
                    }
                )
    return chosen


def refresh_received(contract: Contract) -> None:
    """What each instalment and the contract received, summed again from the allocations."""
    sums = dict(
        PaymentAllocation.objects.filter(instalment__contract=contract)
        .values_list("instalment_id")
        .annotate(total=Sum("amount"))
        .values_list("instalment_id", "total")
    )
    for instalment in contract.instalments.all():
        received = sums.get(instalment.pk) or ZERO
        if instalment.received != received:
            Instalment.objects.filter(pk=instalment.pk).update(received=received)
    total = contract.payments.aggregate(total=Sum("amount"))["total"] or ZERO
    Contract.objects.filter(pk=contract.pk).update(received=total)
    contract.received = total


def payment_record(*, actor: Actor, data: dict[str, Any], receipt: Any = None) -> Payment:
    """A payment received on a signed contract, allocated to its instalments (see the module's rules)."""
    require(actor, "payment", "create")
    cleaned = clean_payment_fields(data)
    with transaction.atomic():
        contract = _contract(actor, data.get("contract"), "payment")
        if contract.status not in COLLECTING:
            raise ServiceError(
                _("Payments are recorded on signed contracts; this one is %(status)s.")
                % {"status": contract.get_status_display()},
                code="not_signed",
            )
        allocations = _allocations(
            contract, {**cleaned, "allocations": data.get("allocations")}, cleaned["amount"]
        )
        payment = Payment(contract=contract, **cleaned)
        if receipt is not None:
            payment.receipt_name = receipt.name[:120]
            payment.receipt_type = receipt.content_type[:60]
            payment.receipt.save(receipt.name, receipt, save=False)

        def related(record: Payment) -> None:
            PaymentAllocation.objects.bulk_create(
                [PaymentAllocation(payment=record, instalment=i, amount=a) for i, a in allocations]
            )
            refresh_received(contract)

        summary = "；".join(f"{i.name} {yuan(a)}" for i, a in allocations)
        record_create(
            actor=actor,
            spec=PAYMENT_WRITES,
            record=payment,
            after_save=related,
            summary=summary,
            custom=data.get("custom"),
        )
        emit(
            "payment.received",
            payment_id=payment.pk,
            contract_id=contract.pk,
            actor_id=actor_id(actor),
            amount=str(payment.amount),
        )
    return payment


def payment_delete(*, actor: Actor, payment: Payment | int) -> None:
    """Remove a payment recorded by mistake: its instalments expect that amount again."""

    def release(record: Payment) -> None:
        contract = Contract.objects.select_for_update().get(pk=record.contract_id)
        record.allocations.all().delete()
        Payment.objects.filter(pk=record.pk).delete()
        refresh_received(contract)

    record_delete(actor=actor, spec=PAYMENT_WRITES, record=payment, before_delete=release)


def invoice_create(*, actor: Actor, data: dict[str, Any]) -> Invoice:
    """An invoice issued against a signed contract; the contract's invoiced total follows. Invoicing more than
    the contract's amount is refused."""
    require(actor, "invoice", "create")
    cleaned = clean_invoice_fields(data)
    with transaction.atomic():
        contract = _contract(actor, data.get("contract"), "invoice")
        if contract.status not in COLLECTING:
            raise ServiceError(
                _("Invoices are issued on signed contracts; this one is %(status)s.")
                % {"status": contract.get_status_display()},
                code="not_signed",
            )
        kind = cleaned.get("kind", InvoiceKind.ORDINARY)  # the model's default when none was sent
        if Invoice.objects.filter(kind=kind, number=cleaned["number"]).exists():
            raise ValidationFailed(
                {"number": [_("An invoice of this type with this number is already recorded.")]}
            )
        if contract.invoiced + cleaned["amount"] > contract.amount:
            raise ValidationFailed(
                {
                    "amount": [
                        _("Invoices would total %(total)s, more than the contract's %(amount)s.")
                        % {
                            "total": yuan(contract.invoiced + cleaned["amount"]),
                            "amount": yuan(contract.amount),
                        }
                    ]
                }
            )
        invoice = Invoice(contract=contract, **cleaned)

        def related(record: Invoice) -> None:
            _refresh_invoiced(contract)

        record_create(
            actor=actor, spec=INVOICE_WRITES, record=invoice, after_save=related, custom=data.get("custom")
        )
    return invoice


def _refresh_invoiced(contract: Contract) -> None:
    total = contract.invoices.aggregate(total=Sum("amount"))["total"] or ZERO
    Contract.objects.filter(pk=contract.pk).update(invoiced=total)
    contract.invoiced = total


def invoice_delete(*, actor: Actor, invoice: Invoice | int) -> None:
    def release(record: Invoice) -> None:
        contract = Contract.objects.select_for_update().get(pk=record.contract_id)
        Invoice.objects.filter(pk=record.pk).delete()
        _refresh_invoiced(contract)

    record_delete(actor=actor, spec=INVOICE_WRITES, record=invoice, before_delete=release)
