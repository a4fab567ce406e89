"""Cleaning the fields of deals, pipelines and stages — shared by pages, the API and (later) imports.

``clean_deal_fields`` checks what a deal's own columns may hold; what depends on other records (the customer the
actor may see, the stage of the pipeline, a stage's required fields, a lost reason on 输单) is the services' part.
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from atrium.core.value_cleaning import (
    Cleaner,
    clean_bool,
    clean_choice,
    clean_date,
    clean_fields,
    clean_text,
)
from atrium.customers.models import OptionList
from atrium.customers.validation import clean_option
from atrium.sales.models import STAGE_COLORS, RequiredField, StageKind

MAX_AMOUNT = decimal.Decimal("999999999999.99")  # Decimal(14, 2)


def clean_amount(value: Any) -> decimal.Decimal | None:
    """An amount of money in yuan: empty, or 0 … 999,999,999,999.99 with at most two decimals (¥ and
    thousands separators accepted)."""
    if value is None or value == "":
        return None
    text = str(value).strip().replace(",", "").replace("，", "").lstrip("¥￥").strip()
    if not text:
        return None
    try:
        amount = decimal.Decimal(text)
    except decimal.InvalidOperation:
        raise ValidationError(_("Enter an amount, e.g. 128000 or 128000.50.")) from None
    if not amount.is_finite():
        raise ValidationError(_("Enter an amount, e.g. 128000 or 128000.50."))
    if amount < 0:
        raise ValidationError(_("An amount cannot be negative."))
    if amount > MAX_AMOUNT:
        raise ValidationError(_("At most 999,999,999,999.99."))
    if amount != amount.quantize(decimal.Decimal("0.01")):
        raise ValidationError(_("At most two decimals (fen)."))
    return amount.quantize(decimal.Decimal("0.01"))


def _text(max_length: int, required: bool = False) -> Cleaner:
    return lambda value: clean_text(value, max_length=max_length, required=required)


def _current(current: Any, name: str) -> str | None:
    return getattr(current, name, None) if current is not None else None


def clean_deal_fields(
    data: Mapping[str, Any], *, partial: bool = False, current: Any = None
) -> dict[str, Any]:
    """A deal's own columns (not customer, pipeline, stage, owner, contacts or collaborators)."""
    cleaners: dict[str, Cleaner] = {
        "title": _text(120, required=True),
        "amount": clean_amount,
        "expected_close": clean_date,
        "source": lambda v: clean_option(OptionList.SOURCE, v, current=_current(current, "source")),
        "lost_reason": lambda v: clean_option(
            OptionList.LOST_REASON, v, current=_current(current, "lost_reason")
        ),
        "notes": _text(10000),
    }
    return clean_fields(data, cleaners, ("title",), partial)


def _probability(value: Any) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError(_("Enter a whole number from 0 to 100.")) from None
    if not 0 <= number <= 100:
        raise ValidationError(_("Enter a whole number from 0 to 100."))
    return number


def _required_fields(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    items = [value] if isinstance(value, str) else list(value)
    allowed = set(RequiredField.values)
    if any(str(item) not in allowed for item in items):
        raise ValidationError(_("Choose one of the listed values."))
    return [name for name in RequiredField.values if name in {str(item) for item in items}]


def clean_stage_fields(data: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    cleaners: dict[str, Cleaner] = {
        "name": _text(40, required=True),
        "probability": _probability,
        "kind": lambda v: clean_choice(v or StageKind.OPEN, StageKind.values),
        "color": lambda v: clean_choice(v or STAGE_COLORS[0], STAGE_COLORS),
        "required_fields": _required_fields,
    }
    return clean_fields(data, cleaners, ("name",), partial)


def clean_pipeline_fields(data: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    cleaners: dict[str, Cleaner] = {
        "name": _text(60, required=True),
        "is_active": clean_bool,
    }
    return clean_fields(data, cleaners, ("name",), partial)
