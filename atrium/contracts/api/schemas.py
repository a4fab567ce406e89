"""Schemas of the contracts API: contracts, their payment plan (instalments with their computed status),
payments with their allocations, invoices; and the request bodies. Money is a string with two decimals (the
sales ``Money``), dates are ISO (YYYY-MM-DD)."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from ninja import Field, Schema

from atrium.contracts.models import ContractStatus, InstalmentStatus, InvoiceKind, PaymentMethod
from atrium.core.api.schemas import InputSchema
from atrium.fields.selectors import custom_resolver
from atrium.sales.api.schemas import AMOUNT_HELP, Amount, Money, Ref

# A percentage is sent like an amount: text ("30", "12.5%") or a number.
Percent = Amount
PERCENT_HELP = "A share of the contract's amount, more than 0 and at most 100, at most two decimals"
DATE_HELP = "YYYY-MM-DD"


def _ref(obj: Any, name: str = "name") -> dict[str, Any] | None:
    return {"id": obj.pk, "name": str(getattr(obj, name))} if obj is not None else None


# Contracts --------------------------------------------------------------------------------------------------


class ContractOut(Schema):
    custom: dict[str, Any] = Field(
        default_factory=dict, description="Custom fields the caller may see, by API key"
    )
    resolve_custom = custom_resolver("contract")
    id: int
    number: str = Field(..., description="HT-<year>-<id>")
    title: str
    customer: Ref
    contact: Ref | None = None
    deal: Ref | None = Field(None, description="The deal it comes from (name: the deal's title)")
    quote: Ref | None = Field(None, description="The accepted quote it comes from (name: its number)")
    amount: Money = Field(..., description='Yuan with two decimals, e.g. "128000.50"')
    received: Money = Field(..., description="What its payments brought in")
    outstanding: Money = Field(..., description="What the plan still expects (nothing for a draft)")
    invoiced: Money
    party_a: str
    party_b: str
    signed_on: datetime.date | None
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    status: str = Field(..., description=" / ".join(ContractStatus.values))
    status_label: str
    terms: str
    termination_reason: str
    owner: Ref
    created_at: datetime.datetime
    updated_at: datetime.datetime
    version: int = Field(..., description="Send it back to edit the contract, change its status or its plan")

    @staticmethod
    def resolve_customer(obj: Any) -> dict[str, Any] | None:
        return _ref(obj.customer)

    @staticmethod
    def resolve_contact(obj: Any) -> dict[str, Any] | None:
        return _ref(obj.contact)

    @staticmethod
    def resolve_deal(obj: Any) -> dict[str, Any] | None:
        return _ref(obj.deal, "title")

    @staticmethod
    def resolve_quote(obj: Any) -> dict[str, Any] | None:
        return _ref(obj.quote, "number")

    @staticmethod
    def resolve_owner(obj: Any) -> dict[str, Any] | None:
        return _ref(obj.owner)

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())


class InstalmentIn(InputSchema):
    id: int | None = Field(None, description="An instalment of the plan as read; omit for a new one")
    name: str | None = Field(None, max_length=60, description="开工款, 水电验收款 …")
    percent: Percent = Field(None, description=PERCENT_HELP + "; or send the amount")
    amount: Amount = Field(None, description=AMOUNT_HELP + "; omit to take the percentage of the contract")
    due_on: str | None = Field(None, description=DATE_HELP)
    note: str | None = Field(None, max_length=200)


class ContractIn(InputSchema):
    custom: dict[str, Any] | None = Field(None, description="Custom field values by API key")
    deal: int = Field(..., description="A won deal, or one with an accepted quote")
    quote: int | None = Field(None, description="An accepted quote of the deal; omit for the latest accepted")
    title: str | None = Field(None, max_length=120, description="Omit for the deal's title")
    amount: Amount = Field(
        None, description=AMOUNT_HELP + "; omit for the quote's total or the deal's amount"
    )
    party_a: str | None = Field(None, max_length=120, description="Omit for the customer's name")
    party_b: str | None = Field(None, max_length=120, description="Omit for the company's legal name")
    contact: int | None = Field(
        None, description="A contact of the deal's customer; omit for the primary one"
    )
    signed_on: str | None = Field(None, description=DATE_HELP + "; omit for today")
    starts_on: str | None = Field(None, description=DATE_HELP)
    ends_on: str | None = Field(None, description=DATE_HELP)
    terms: str | None = Field(None, max_length=20000, description="Omit for the accepted quote's terms")
    owner: int | None = Field(None, description="Another owner (assign right); omit for the deal's owner")
    instalments: list[InstalmentIn] = Field([], description="The payment plan")
    sign: bool = Field(False, description="Sign at once: the instalments must add up to the amount")


class ContractPatchIn(InputSchema):
    custom: dict[str, Any] | None = Field(None, description="Custom field values by API key")
    version: int
    title: str | None = Field(None, max_length=120)
    amount: Amount = Field(None, description=AMOUNT_HELP + "; fixed once the contract is signed")
    party_a: str | None = Field(None, max_length=120)
    party_b: str | None = Field(None, max_length=120)
    contact: int | None = Field(None, description="A contact of the contract's customer; null clears it")
    signed_on: str | None = Field(None, description=DATE_HELP)
    starts_on: str | None = Field(None, description=DATE_HELP)
    ends_on: str | None = Field(None, description=DATE_HELP)
    terms: str | None = Field(None, max_length=20000)
    owner: int | None = Field(None, description="Transfer the contract (assign right)")


class ContractStatusIn(InputSchema):
    status: Literal["signed", "active", "completed", "terminated"]
    version: int = Field(..., description="The contract's version as read")
    reason: str | None = Field(
        None, max_length=200, description="Why the contract is terminated (required to terminate)"
    )


# The payment plan -------------------------------------------------------------------------------------------


class InstalmentOut(Schema):
    id: int
    position: int
    name: str
    percent: Money | None = Field(None, description="Its share of the contract's amount, two decimals")
    amount: Money
    due_on: datetime.date
    received: Money
    balance: Money = Field(..., description="What it still expects")
    status: str = Field(..., description=" / ".join(InstalmentStatus.values) + " (computed for today)")
    status_label: str
    note: str

    @staticmethod
    def resolve_status(obj: Any) -> str:
        return str(obj.current_status)

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.status_label)


class PlanOut(Schema):
    contract: int
    number: str
    status: str
    amount: Money
    planned: Money = Field(..., description="What the instalments add up to")
    received: Money
    outstanding: Money
    version: int = Field(..., description="The contract's version: send it back to save the plan")
    instalments: list[InstalmentOut]


class PlanIn(InputSchema):
    version: int = Field(..., description="The contract's version as read")
    instalments: list[InstalmentIn] = Field(..., description="The whole plan (it replaces the old one)")


# Payments and invoices --------------------------------------------------------------------------------------


class AllocationOut(Schema):
    instalment: Ref
    amount: Money

    @staticmethod
    def resolve_instalment(obj: Any) -> dict[str, Any] | None:
        return _ref(obj.instalment)


class PaymentOut(Schema):
    id: int
    contract: Ref = Field(..., description="name: the contract's number")
    customer: Ref
    amount: Money
    received_on: datetime.date
    method: str = Field(..., description=" / ".join(PaymentMethod.values))
    method_label: str
    reference: str
    note: str
    overpayment_note: str
    allocations: list[AllocationOut]
    has_receipt: bool
    created_by: Ref | None = None
    created_at: datetime.datetime
    version: int

    @staticmethod
    def resolve_contract(obj: Any) -> dict[str, Any] | None:
        return _ref(obj.contract, "number")

    @staticmethod
    def resolve_customer(obj: Any) -> dict[str, Any] | None:
        return _ref(obj.contract.customer)

    @staticmethod
    def resolve_method_label(obj: Any) -> str:
        return str(obj.get_method_display())

    @staticmethod
    def resolve_allocations(obj: Any) -> list[Any]:
        return sorted(obj.allocations.all(), key=lambda a: (a.instalment.position, a.instalment_id))

    @staticmethod
    def resolve_has_receipt(obj: Any) -> bool:
        return bool(obj.receipt)

    @staticmethod
    def resolve_created_by(obj: Any) -> dict[str, Any] | None:
        return _ref(obj.created_by)


class AllocationIn(InputSchema):
    instalment: int = Field(..., description="An instalment of the payment's contract")
    amount: Amount = Field(..., description=AMOUNT_HELP)


class PaymentIn(InputSchema):
    contract: int = Field(..., description="A signed contract")
    amount: Amount = Field(..., description=AMOUNT_HELP)
    received_on: str | None = Field(..., description=DATE_HELP + ", not in the future")
    method: Literal["bank", "wechat", "alipay", "cash"] | None = Field(None, description="Omit for bank")
    reference: str | None = Field(None, max_length=64)
    note: str | None = Field(None, max_length=200)
    overpayment_note: str | None = Field(
        None,
        max_length=200,
        description="Why the payment takes more than the instalments still expect (超额收款说明)",
    )
    allocations: list[AllocationIn] = Field(
        [], description="Instalments and amounts adding up to the payment; omit for oldest first"
    )


class InvoiceOut(Schema):
    id: int
    contract: Ref = Field(..., description="name: the contract's number")
    customer: Ref
    number: str
    kind: str = Field(..., description=" / ".join(InvoiceKind.values))
    kind_label: str
    amount: Money
    issued_on: datetime.date
    note: str
    created_by: Ref | None = None
    created_at: datetime.datetime
    version: int

    @staticmethod
    def resolve_contract(obj: Any) -> dict[str, Any] | None:
        return _ref(obj.contract, "number")

    @staticmethod
    def resolve_customer(obj: Any) -> dict[str, Any] | None:
        return _ref(obj.contract.customer)

    @staticmethod
    def resolve_kind_label(obj: Any) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_created_by(obj: Any) -> dict[str, Any] | None:
        return _ref(obj.created_by)


class InvoiceIn(InputSchema):
    contract: int = Field(..., description="A signed contract")
    number: str | None = Field(..., max_length=32, description="The invoice's number (unique per type)")
    kind: Literal["ordinary", "special"] | None = Field(None, description="Omit for an ordinary VAT invoice")
    amount: Amount = Field(..., description=AMOUNT_HELP)
    issued_on: str | None = Field(..., description=DATE_HELP)
    note: str | None = Field(None, max_length=200)


class InvoiceQuery(Schema):
    contract: str = Field("", description="Only this contract's invoices (its id)")
    cursor: str | None = None
    limit: int = Field(50, ge=1, le=200)
