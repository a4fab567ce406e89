"""The payment plan of a contract (回款计划): its instalments, saved as a whole.

Each row names the instalment, its share as a percentage of the contract's amount or an amount, and its due
date. Rows given by percentage get their amount from the contract's (rounded to the fen; when every row is a
percentage adding up to 100 the last one takes the rounding, so the plan adds up exactly). A draft's plan may
not add up yet (signing checks it); a signed contract's plan must, and an instalment keeps at least what it has
received — one with payments cannot be removed. Rows keep their ``id`` so payments stay on their instalment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from atrium.contracts.models import Contract, ContractStatus, Instalment
from atrium.contracts.validation import clean_percent, required_amount, share_of
from atrium.core.errors import ValidationFailed
from atrium.core.value_cleaning import clean_date, clean_text
from atrium.sales.list_columns import yuan

MAX_INSTALMENTS = 36
ZERO = Decimal("0.00")

# The usual plan of a home renovation (开工 30 % / 水电验收 40 % / 竣工 25 % / 质保 5 %), offered on a new contract.
USUAL_PLAN = (
    ("开工款", Decimal("30")),
    ("水电验收款", Decimal("40")),
    ("竣工款", Decimal("25")),
    ("质保金", Decimal("5")),
)


def _row(index: int, item: Any, errors: dict[str, list[str]]) -> dict[str, Any] | None:
    if not isinstance(item, Mapping):
        errors[f"instalments.{index}"] = [_("Each instalment is an object.")]
        return None
    row: dict[str, Any] = {"id": item.get("id")}
    checks: dict[str, Any] = {
        "name": lambda v: clean_text(v, max_length=60, required=True),
        "percent": clean_percent,
        "due_on": clean_date,
        "note": lambda v: clean_text(v, max_length=200),
    }
    for name, check in checks.items():
        try:
            row[name] = check(item.get(name))
        except ValidationError as exc:
            errors[f"instalments.{index}.{name}"] = [str(m) for m in exc.messages]
    if f"instalments.{index}.due_on" not in errors and row.get("due_on") is None:
        errors[f"instalments.{index}.due_on"] = [_("Enter the due date.")]
    raw_amount = item.get("amount")
    row["amount"] = None
    if raw_amount not in (None, ""):
        try:
            row["amount"] = required_amount(raw_amount)
            if row["amount"] <= 0:
                raise ValidationError(_("The amount must be more than 0."))
        except ValidationError as exc:
            errors[f"instalments.{index}.amount"] = [str(m) for m in exc.messages]
    elif row.get("percent") is None and f"instalments.{index}.percent" not in errors:
        errors[f"instalments.{index}.amount"] = [_("Enter an amount or a percentage.")]
    return row


def _amounts(rows: list[dict[str, Any]], total: Decimal) -> None:
    """Fill amounts of rows given by percentage; percentages of rows given by amount."""
    for row in rows:
        if row["amount"] is None:
            row["amount"] = share_of(total, row["percent"])
        elif row["percent"] is None and total > 0:
            row["percent"] = (row["amount"] * 100 / total).quantize(Decimal("0.01"))
    by_percent = all(row["amount"] is not None for row in rows) and rows
    if by_percent and sum(row["percent"] or ZERO for row in rows) == 100:
        others = sum(row["amount"] for row in rows[:-1])
        if total - others > 0:
            rows[-1]["amount"] = total - others


def clean_plan(contract: Contract, raw: Any) -> list[dict[str, Any]]:
    """The rows as saved (each with id or None, name, percent, amount, due_on, note), or one refusal naming
    ``instalments.<n>.<field>`` (n from 1) and the plan's overall problem under ``instalments``."""
    if raw in (None, ""):
        raw = []
    if not isinstance(raw, Sequence) or isinstance(raw, (str, bytes)):
        raise ValidationFailed({"instalments": [_("Send the instalments as a list.")]})
    if len(raw) > MAX_INSTALMENTS:
        raise ValidationFailed(
            {"instalments": [_("At most %(max)d instalments.") % {"max": MAX_INSTALMENTS}]}
        )
    errors: dict[str, list[str]] = {}
    rows = [row for i, item in enumerate(raw, 1) if (row := _row(i, item, errors)) is not None]
    if errors:
        raise ValidationFailed(errors, _("Some instalments need correcting: see the messages beside them."))
    _amounts(rows, contract.amount)
    _check_existing(contract, rows)
    if contract.status != ContractStatus.DRAFT:
        check_adds_up(contract.amount, rows)
    return rows


def _check_existing(contract: Contract, rows: list[dict[str, Any]]) -> None:
    current = {i.pk: i for i in contract.instalments.all()} if contract.pk else {}
    errors: dict[str, list[str]] = {}
    kept: set[int] = set()
    for index, row in enumerate(rows, 1):
        if row["id"] in (None, ""):
            row["id"] = None
            continue
        try:
            pk = int(row["id"])
        except (TypeError, ValueError):
            pk = -1
        if pk not in current:
            errors[f"instalments.{index}.id"] = [_("This instalment is not in this contract's plan.")]
            continue
        row["id"] = pk
        kept.add(pk)
        if row["amount"] < current[pk].received:
            errors[f"instalments.{index}.amount"] = [
                _("%(received)s was already received for it: the amount cannot be less.")
                % {"received": yuan(current[pk].received)}
            ]
    for pk, instalment in current.items():
        if pk not in kept and instalment.received > 0:
            errors["instalments"] = [
                _("%(name)s has payments and cannot be removed from the plan.") % {"name": instalment.name}
            ]
    if errors:
        raise ValidationFailed(errors, _("Some instalments need correcting: see the messages beside them."))


def check_adds_up(amount: Decimal, rows: Sequence[Any]) -> None:
    planned = sum((row["amount"] if isinstance(row, dict) else row.amount) for row in rows) or ZERO
    if not rows:
        raise ValidationFailed(
            {
                "instalments": [
                    _("Add the payment plan: the instalments must add up to the contract's amount.")
                ]
            }
        )
    if planned != amount:
        raise ValidationFailed(
            {
                "instalments": [
                    _(
                        "The instalments add up to %(planned)s but the contract is for %(amount)s "
                        "(difference %(difference)s): they must add up exactly."
                    )
                    % {"planned": yuan(planned), "amount": yuan(amount), "difference": yuan(amount - planned)}
                ]
            }
        )


def write_plan(contract: Contract, rows: list[dict[str, Any]]) -> tuple[str, str]:
    """Replace the contract's instalments by ``rows`` (inside the caller's transaction); returns the plan
    before and after, as the log shows it."""
    before = plan_text(contract.instalments.order_by("position", "id"))
    current = {i.pk: i for i in contract.instalments.all()}
    kept = {row["id"] for row in rows if row["id"]}
    Instalment.objects.filter(contract=contract).exclude(pk__in=kept).delete()
    for position, row in enumerate(rows, 1):
        values = {k: row[k] for k in ("name", "percent", "amount", "due_on", "note")}
        if row["id"]:
            instalment = current[row["id"]]
            for name, value in values.items():
                setattr(instalment, name, value)
            instalment.position = position
            instalment.save()
        else:
            Instalment.objects.create(contract=contract, position=position, **values)
    return before, plan_text(contract.instalments.order_by("position", "id"))


def plan_text(instalments: Any) -> str:
    """The plan in one line for the operation log: 开工款 ¥30,000.00 (2026-12-01)；…"""
    return "；".join(f"{i.name} {yuan(i.amount)}（{i.due_on:%Y-%m-%d}）" for i in instalments)
