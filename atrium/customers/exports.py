"""Exports of the customer lists (customers, contacts, leads, pool): the same filters and scope as the list
page (``ListQuery`` + ``list_queryset(action="export")``), the chosen or default columns with their Chinese
(translated) headers, rows read in chunks so memory stays flat whatever the size."""

from __future__ import annotations

import datetime
import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from atrium.core.errors import ValidationFailed
from atrium.customers.filters import COLUMNS, DEFAULT_COLUMNS, ListQuery
from atrium.customers.models import CustomerLevel, CustomerStatus, CustomerType, LeadStatus
from atrium.customers.selectors import list_queryset

KIND_OF_LIST = {"customers": "customer", "pool": "customer", "contacts": "contact", "leads": "lead"}
CHUNK = 2000


@dataclass
class ListExport:
    header: list[str]
    rows: Iterator[list[Any]]
    count: int
    columns: list[str]


def export_columns(list_key: str, requested: str = "") -> list[tuple[str, str]]:
    """The columns to export: those asked for (comma separated, in that order) or the list's defaults."""
    available = {key: str(label) for key, label in COLUMNS[list_key]}
    keys = [key.strip() for key in requested.split(",") if key.strip()] or DEFAULT_COLUMNS[list_key]
    unknown = [key for key in keys if key not in available]
    if unknown:
        raise ValidationFailed({"columns": [_("Unknown columns: %(keys)s.") % {"keys": ", ".join(unknown)}]})
    return [(key, available[key]) for key in dict.fromkeys(keys)]


def _person(user: Any) -> str:
    return user.name if user is not None else ""


def _value_readers(list_key: str) -> dict[str, Callable[[Any], Any]]:
    """How to read each column that is not a plain field; labels are translated now, once, because the rows
    are written after the request's language may be switched off."""
    statuses = LeadStatus if list_key == "leads" else CustomerStatus
    status_labels = {value: str(label) for value, label in statuses.choices}
    type_labels = {value: str(label) for value, label in CustomerType.choices}
    level_labels = {value: str(label) for value, label in CustomerLevel.choices}
    yes, no = _("Yes"), _("No")
    pool = _("Pool")
    return {
        "owner": lambda r: (
            _person(r.customer.owner) if list_key == "contacts" else (_person(r.owner) or pool)
        ),
        "previous_owner": lambda r: _person(r.previous_owner),
        "customer": lambda r: r.customer.name,
        "status": lambda r: status_labels.get(r.status, r.status),
        "type": lambda r: type_labels.get(r.type, r.type),
        "level": lambda r: level_labels.get(r.level, r.level),
        "tags": lambda r: "、".join(r.tags or []),
        "is_primary": lambda r: yes if r.is_primary else no,
    }


def _row_maker(list_key: str, keys: list[str]) -> Callable[[Any], list[Any]]:
    readers = _value_readers(list_key)
    getters = [readers.get(key) or operator.attrgetter(key) for key in keys]

    def make(record: Any) -> list[Any]:
        return [_plain(getter(record)) for getter in getters]

    return make


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime | int | float) or value is None:
        return value
    return str(value)


def list_export(user: Any, query: ListQuery, requested_columns: str = "") -> ListExport:
    """The rows of the list the user may export (Forbidden without the export right)."""
    columns = export_columns(query.list_key, requested_columns)
    qs = list_queryset(user, query, action="export")
    if query.list_key == "contacts":
        qs = qs.select_related("customer__owner")
    count = qs.count()  # the export reads every one of these rows anyway
    make_row = _row_maker(query.list_key, [key for key, _label in columns])
    rows = (make_row(record) for record in qs.iterator(chunk_size=CHUNK))
    return ListExport(
        header=[label for _key, label in columns],
        rows=rows,
        count=count,
        columns=[key for key, _label in columns],
    )
