"""Cleaning of what people send for contracts, instalments, payments and invoices: each value checked with a
message in the person's language (``core.value_cleaning``); a whole record's bad fields in one refusal."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from atrium.contracts.models import InvoiceKind, PaymentMethod
from atrium.core.errors import ValidationFailed
from atrium.core.value_cleaning import clean_choice, clean_date, clean_fields, clean_text
from atrium.sales.validation import clean_amount

CENT = Decimal("0.01")


def required_amount(value: Any) -> Decimal:
    amount = clean_amount(value)
    if amount is None:
        raise ValidationError(_("Enter the amount."))
    return amount


def positive_amount(value: Any) -> Decimal:
    amount = required_amount(value)
    if amount <= 0:
        raise ValidationError(_("The amount must be more than 0."))
    return amount


def clean_percent(value: Any) -> Decimal | None:
    """A share of the contract's amount: empty, or more than 0 and at most 100, two decimals."""
    if value in (None, ""):
        return None
    text = str(value).strip().rstrip("%％").strip()
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("Enter a percentage, e.g. 30 or 12.5.")) from None
    if not number.is_finite() or number <= 0 or number > 100:
        raise ValidationError(_("Enter a percentage more than 0 and at most 100."))
    if number != number.quantize(CENT):
        raise ValidationError(_("At most two decimals."))
    return number


def share_of(amount: Decimal, percent: Decimal) -> Decimal:
    return (amount * percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def _required_date(value: Any, *, not_in_future: bool = False) -> Any:
    day = clean_date(value, not_in_future=not_in_future)
    if day is None:
        raise ValidationError(_("Enter the date."))
    return day


def _text(max_length: int, required: bool = False):
    return lambda value: clean_text(value, max_length=max_length, required=required)


def clean_contract_fields(data: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """A contract's own columns (not customer, deal, quote, owner or the plan)."""
    cleaners = {
        "title": _text(120, required=True),
        "amount": positive_amount,
        "party_a": _text(120, required=True),
        "party_b": _text(120, required=True),
        "signed_on": clean_date,
        "starts_on": clean_date,
        "ends_on": clean_date,
        "terms": _text(20000),
    }
    cleaned = clean_fields(data, cleaners, ("title", "amount"), partial)
    starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
    if starts and ends and ends < starts:
        raise ValidationFailed({"ends_on": [_("The end cannot be before the start.")]})
    return cleaned


def clean_payment_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    cleaners = {
        "amount": positive_amount,
        "received_on": lambda v: _required_date(v, not_in_future=True),
        "method": lambda v: clean_choice(v or PaymentMethod.BANK, PaymentMethod.values),
        "reference": _text(64),
        "note": _text(200),
        "overpayment_note": _text(200),
    }
    return clean_fields(data, cleaners, ("amount", "received_on"), False)


def clean_invoice_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    cleaners = {
        "number": _text(32, required=True),
        "kind": lambda v: clean_choice(v or InvoiceKind.ORDINARY, InvoiceKind.values),
        "amount": positive_amount,
        "issued_on": _required_date,
        "note": _text(200),
    }
    return clean_fields(data, cleaners, ("number", "amount", "issued_on"), False)
