"""The cells of a list row: the text of each chosen column, a link where the column leads to a record, and
tag chips. Everything here reads what the list selector already loaded (no query per row)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

DETAIL_URL_NAMES = {
    "customers": "customers:detail",
    "pool": "customers:detail",
    "contacts": "customers:contact_detail",
    "leads": "customers:lead_detail",
}
CHOICE_COLUMNS = {"type", "level", "status"}


@dataclass
class Cell:
    key: str
    text: str = ""
    link: str | None = None
    tags: list[str] = field(default_factory=list)
    muted: bool = False


def _detail_url(url_name: str, pk: Any) -> str | None:
    try:
        return reverse(url_name, args=[pk])
    except NoReverseMatch:
        return None


def _when(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "Y-m-d H:i")
    return formats.date_format(value, "Y-m-d")


def _person(user: Any, *, none_text: str) -> Cell:
    if user is None:
        return Cell(key="", text=none_text, muted=True)
    return Cell(key="", text=user.name)


def _owner(list_key: str, record: Any) -> Cell:
    if list_key == "contacts":
        customer = record.customer
        return _person(customer.owner, none_text=_("Customer pool")) if customer else Cell(key="")
    if list_key == "leads":
        return _person(record.owner, none_text="—")
    return _person(record.owner, none_text=_("Customer pool"))


def _cell(list_key: str, record: Any, key: str) -> Cell:
    if key == "name":
        return Cell(key, text=record.name, link=_detail_url(DETAIL_URL_NAMES[list_key], record.pk))
    if key == "owner":
        return _owner(list_key, record)
    if key == "previous_owner":
        return _person(record.previous_owner, none_text="—")
    if key == "customer":
        customer = record.customer
        return Cell(key, text=customer.name, link=_detail_url("customers:detail", customer.pk))
    if key == "tags":
        return Cell(key, tags=list(record.tags or []))
    if key == "is_primary":
        return Cell(key, text=_("Yes") if record.is_primary else "—", muted=not record.is_primary)
    if key in CHOICE_COLUMNS:
        value = getattr(record, f"get_{key}_display")()
        return Cell(key, text=str(value) if value else "—", muted=not value)
    value = getattr(record, key)
    if value is None or value == "":
        return Cell(key, text="—", muted=True)
    if isinstance(value, datetime.date):
        return Cell(key, text=_when(value))
    return Cell(key, text=str(value))


def cells_of(list_key: str, record: Any, columns: list[str]) -> list[Cell]:
    cells = []
    for key in columns:
        cell = _cell(list_key, record, key)
        cell.key = key
        cells.append(cell)
    return cells
