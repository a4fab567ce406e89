"""Exports of any list: the list's filters and scope (``list_queryset(action="export")``), the chosen or
default columns with their translated headers and export values, rows read in chunks so memory stays flat
whatever the size. The files themselves are written by ``core.exports`` (streamed CSV, XLSX), with the
stamp of who exported and when (``core.exports.export_stamp``) as their first line and, for a workbook, its
document properties.

The rows are those that exist when the export starts (up to the newest primary key then), so the count
logged for the export is the number of rows in the file, and the export's own log row is never in it. Rows
are written while the file streams, after the view has returned: each chunk is read (and its ``prepare``
run) in the language of the request that asked for it.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from atrium.core.errors import ValidationFailed
from atrium.core.exports import ExportStamp, export_stamp
from atrium.lists.query import ListQuery
from atrium.lists.selectors import list_queryset
from atrium.lists.specs import Column, ListSpec

CHUNK = 2000


@dataclass
class ListExport:
    header: list[str]
    rows: Iterator[list[Any]]
    count: int
    columns: list[str]
    stamp: ExportStamp | None = None


def export_columns(query: ListQuery, requested: str = "") -> list[Column]:
    """The columns to export: those asked for (comma separated, in that order) or the list's defaults."""
    spec = query.spec
    keys = [key.strip() for key in requested.split(",") if key.strip()] or spec.default_columns_for(
        query.viewer
    )
    known = {column.key: column for column in spec.all_columns(query.viewer)}
    unknown = [key for key in keys if key not in known]
    if unknown:
        raise ValidationFailed({"columns": [_("Unknown columns: %(keys)s.") % {"keys": ", ".join(unknown)}]})
    return [known[key] for key in dict.fromkeys(keys)]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime | int | float) or value is None:
        return value
    return str(value)


def _up_to_now(qs: QuerySet) -> QuerySet:
    """The rows that exist now: up to the table's newest primary key (one index lookup)."""
    newest = qs.model._default_manager.aggregate(newest=Max("pk"))["newest"]
    return qs.filter(pk__lte=newest or 0)


def _rows(
    user: Any, spec: ListSpec, qs: QuerySet, getters: list[Callable[[Any], Any]], language: str | None
) -> Iterator[list[Any]]:
    records = qs.iterator(chunk_size=CHUNK)
    while True:
        with translation.override(language):
            chunk = list(itertools.islice(records, CHUNK))
            if not chunk:
                return
            spec.prepared(user, chunk)
            lines = [[_plain(get(record)) for get in getters] for record in chunk]
        yield from lines


def list_export(user: Any, query: ListQuery, requested_columns: str = "") -> ListExport:
    """The rows of the list the user may export (Forbidden without the export right). Export values are
    made now, while the request's language is active: rows are written later, as the file streams."""
    columns = export_columns(query, requested_columns)
    qs = _up_to_now(list_queryset(user, query, action="export"))
    count = qs.count()  # the export reads every one of these rows anyway
    getters = [column.export_value() for column in columns]
    return ListExport(
        header=[str(column.label) for column in columns],
        rows=_rows(user, query.spec, qs, getters, translation.get_language()),
        count=count,
        columns=[column.key for column in columns],
        stamp=export_stamp(user),
    )
