"""The operation log's columns and filters for the list engine (its spec is in ``lists.py``). A row reads
as the log's readable rendering says (``core.log_reading``): who acted by name, the action and the kind of
record by their labels, the record by the name the log kept (never its id), the changes as labelled lines
with names resolved through the access layer once per page (``selectors.operation_log.prepare_log_rows``),
times in local time."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from atrium.accounts.selectors.operation_log import people_in_log_scope
from atrium.core.access import scope_of
from atrium.core.kinds import Scope
from atrium.core.log_reading import actor_text, log_kind_choices, log_kind_label, record_text
from atrium.core.models import OperationLog
from atrium.lists.cells import Cell, CellLine
from atrium.lists.filters import (
    ChoiceFilter,
    Choices,
    DateRangeFilter,
    Errors,
    ListFilter,
    PersonFilter,
    TextFilter,
    text_param,
)
from atrium.lists.specs import Column

LOG_KIND = "operation_log"
EMPTY = "—"


# Cells and export values ---------------------------------------------------------------------------------


def _local_time(row: OperationLog) -> Cell:
    return Cell(text=formats.date_format(timezone.localtime(row.created_at), "Y-m-d H:i:s"))


def _person(row: OperationLog) -> Cell:
    return Cell(text=actor_text(row))


def _ip(row: OperationLog) -> Cell:
    return Cell(text=row.ip) if row.ip else Cell(text=EMPTY, muted=True)


def _action(row: OperationLog) -> Cell:
    return Cell(tags=[str(row.get_action_display())])


def _kind(row: OperationLog) -> Cell:
    return Cell(text=log_kind_label(row.kind)) if row.kind else Cell(text=EMPTY, muted=True)


def _record(row: OperationLog) -> Cell:
    text = record_text(row)
    return Cell(text=text, muted=text == EMPTY)


def _changes(row: OperationLog) -> Cell:
    lines = getattr(row, "change_lines", [])
    if not lines:
        return Cell(text=EMPTY, muted=True)
    cell_lines = [
        CellLine(label=line.label, text=f"{line.old} → {line.new}" if line.is_change else line.new)
        for line in lines
    ]
    return Cell(lines=cell_lines)


def _summary(row: OperationLog) -> Cell:
    return Cell(text=row.summary) if row.summary else Cell(text="", muted=True)


def _action_labels():
    labels = {value: str(label) for value, label in OperationLog.Action.choices}
    return lambda row: labels.get(row.action, row.action)


def _kind_labels():
    labels: dict[str, str] = {}
    return lambda row: labels.setdefault(row.kind, log_kind_label(row.kind)) if row.kind else ""


def _change_text():
    return lambda row: "\n".join(str(line) for line in getattr(row, "change_lines", []))


OPERATION_LOG_COLUMNS = [
    Column(
        "time",
        pgettext_lazy("operation log", "Time"),
        cell=_local_time,
        export=lambda: lambda row: row.created_at,
        sort="id",
        index="pk",
    ),
    Column("person", pgettext_lazy("operation log", "Person"), cell=_person, export=lambda: actor_text),
    Column("ip", _("IP address"), cell=_ip),
    Column("action", pgettext_lazy("operation log", "Action"), cell=_action, export=_action_labels),
    Column("kind", pgettext_lazy("operation log", "Kind of record"), cell=_kind, export=_kind_labels),
    Column("record", pgettext_lazy("operation log", "Record"), cell=_record, export=lambda: record_text),
    Column("changes", pgettext_lazy("operation log", "Changes"), cell=_changes, export=_change_text),
    Column("summary", pgettext_lazy("operation log", "Summary"), cell=_summary),
]


# Filters -------------------------------------------------------------------------------------------------


class LogPersonFilter(PersonFilter):
    """Who acted: the people whose rows the viewer may see, deactivated ones included (an audit asks about
    people who have left), by name and username."""

    def choices(self, user: Any, value: Any) -> Choices:
        if scope_of(user, LOG_KIND, "view") <= Scope.OWN:
            return []
        return [(str(p.pk), f"{p.name} ({p.username})") for p in people_in_log_scope(user)[:500]]


class RecordIdFilter(ListFilter):
    """The rows about one record, by its id as the log keeps it (links from a record's history)."""

    def parse(self, params: Mapping[str, Any], errors: Errors) -> Any:
        return text_param(params, self.name, 64) or None

    def q(self, value: Any) -> Q:
        return Q(object_id=value)


OPERATION_LOG_FILTERS = [
    TextFilter(
        name="q",
        label=_("Search"),
        fields=("summary", "object_repr", "actor_name"),
        placeholder=_("Summary, record or person"),
    ),
    LogPersonFilter(
        name="person",
        label=pgettext_lazy("operation log", "Person"),
        field="actor",
        kind=LOG_KIND,
        empty_label=_("Everyone"),
    ),
    ChoiceFilter(
        name="action",
        label=pgettext_lazy("operation log", "Action"),
        field="action",
        options=lambda user: OperationLog.Action.choices,
        empty_label=_("All actions"),
        invalid_message=_("Choose an action from the list."),
    ),
    ChoiceFilter(
        name="kind",
        label=pgettext_lazy("operation log", "Kind of record"),
        field="kind",
        options=lambda user: log_kind_choices(),
        empty_label=_("All kinds"),
        strict=False,
        max_length=50,
    ),
    RecordIdFilter(name="record", label=_("Record ID")),
    DateRangeFilter(name="date", label=pgettext_lazy("operation log", "Time"), field="created_at"),
]
