"""Reading the operation log (操作日志): filtered, scoped to what the user may see, newest first.

Scope (kind "operation_log"): own = rows I acted in; department = rows of people in my department and the ones
below it; all = every row. Lists are keyset pages ordered by -id and never COUNT the table.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from atrium.core.access import require, scope_of, visible
from atrium.core.errors import ValidationFailed
from atrium.core.kinds import Scope, all_kinds
from atrium.core.log_reading import ChangeLine, actor_text, change_lines_of
from atrium.core.models import OperationLog
from atrium.core.pagination import Page, keyset_page

KIND = "operation_log"
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
ORDERING = ["-id"]
EXPORT_CHUNK = 2000

# Kinds that appear in the log without being kinds of record that roles grant actions on.
EXTRA_KIND_LABELS = {"api_token": gettext_lazy("API token")}


@dataclass(frozen=True)
class OperationLogFilters:
    person: int | None = None
    kind: str = ""
    record: str = ""
    action: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    def as_query(self) -> dict[str, str]:
        """The filters as query-string values (for links and the export's log row)."""
        return {k: str(v) for k, v in asdict(self).items() if v not in (None, "")}


def _parse_date(value: str, field: str, errors: dict[str, list[str]]) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        errors[field] = [_("Enter a valid date (YYYY-MM-DD).")]
        return None


def parse_operation_log_filters(data: Mapping[str, Any]) -> OperationLogFilters:
    """Filters from a query string; ValidationFailed with a message per bad field."""
    errors: dict[str, list[str]] = {}
    text = {name: str(data.get(name) or "").strip() for name in ("person", "kind", "record", "action")}
    person = None
    if text["person"]:
        try:
            person = int(text["person"])
        except ValueError:
            errors["person"] = [_("Choose a person from the list.")]
    if text["action"] and text["action"] not in OperationLog.Action.values:
        errors["action"] = [_("Choose an action from the list.")]
    date_from = _parse_date(str(data.get("date_from") or "").strip(), "date_from", errors)
    date_to = _parse_date(str(data.get("date_to") or "").strip(), "date_to", errors)
    if date_from and date_to and date_from > date_to:
        errors["date_to"] = [_("The end date must not be before the start date.")]
    if errors:
        raise ValidationFailed(errors)
    return OperationLogFilters(
        person=person,
        kind=text["kind"][:50],
        record=text["record"][:64],
        action=text["action"],
        date_from=date_from,
        date_to=date_to,
    )


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _filtered(qs: QuerySet[OperationLog], filters: OperationLogFilters) -> QuerySet[OperationLog]:
    if filters.person is not None:
        qs = qs.filter(actor_id=filters.person)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.record:
        qs = qs.filter(object_id=filters.record)
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.date_from:
        qs = qs.filter(created_at__gte=_local_midnight(filters.date_from))
    if filters.date_to:
        qs = qs.filter(created_at__lt=_local_midnight(filters.date_to + datetime.timedelta(days=1)))
    return qs


def operation_log_visible(user: Any, filters: OperationLogFilters, action: str = "view") -> QuerySet:
    """The rows this user may see (``action`` "export" for exports), filtered; Forbidden without a grant."""
    require(user, KIND, action)
    return _filtered(visible(user, KIND, action=action), filters).select_related("actor")


def operation_log_page(
    user: Any, filters: OperationLogFilters, cursor: str | None = None, limit: int = PAGE_SIZE
) -> Page[OperationLog]:
    """One page of the log, newest first; ``next_cursor`` leads to the next page."""
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    return keyset_page(operation_log_visible(user, filters), ORDERING, cursor, limit)


def kind_label(key: str) -> str:
    for kind in all_kinds():
        if kind.key == key:
            return str(kind.label)
    return str(EXTRA_KIND_LABELS.get(key, key))


def person_label(entry: OperationLog) -> str:
    return actor_text(entry)


def record_label(entry: OperationLog) -> str:
    if entry.object_repr and entry.object_id:
        return f"{entry.object_repr} (#{entry.object_id})"
    return entry.object_repr or entry.object_id or ""


def export_header() -> list[str]:
    return [
        pgettext("operation log", "Time"),
        pgettext("operation log", "Person"),
        _("IP address"),
        pgettext("operation log", "Action"),
        pgettext("operation log", "Kind of record"),
        pgettext("operation log", "Record"),
        pgettext("operation log", "Changes"),
        pgettext("operation log", "Summary"),
    ]


def export_row(
    entry: OperationLog, actions: Mapping[str, str], kinds: Mapping[str, str], lines: list[ChangeLine]
) -> list[Any]:
    """One row of the export; action and kind labels come from maps translated up front."""
    return [
        entry.created_at,
        person_label(entry),
        entry.ip or "",
        actions.get(entry.action, entry.action),
        kinds.get(entry.kind, entry.kind),
        record_label(entry),
        "\n".join(str(line) for line in lines),
        entry.summary,
    ]


def _export_rows(
    user: Any, qs: QuerySet[OperationLog], actions: Mapping[str, str], kinds: Mapping[str, str]
) -> Iterator[list[Any]]:
    """Rows in chunks, names resolved once per chunk, in the request's language: a streamed response is
    written after the request's language may have been switched off."""
    language = translation.get_language()
    chunk: list[OperationLog] = []
    for entry in qs.order_by("-id").iterator(chunk_size=EXPORT_CHUNK):
        chunk.append(entry)
        if len(chunk) == EXPORT_CHUNK:
            yield from _export_chunk(user, chunk, actions, kinds, language)
            chunk = []
    yield from _export_chunk(user, chunk, actions, kinds, language)


def _export_chunk(
    user: Any, chunk: list[OperationLog], actions: Mapping[str, str], kinds: Mapping[str, str], language: str
) -> list[list[Any]]:
    with translation.override(language):
        lines = change_lines_of(chunk, user)
        return [export_row(entry, actions, kinds, lines[entry.pk]) for entry in chunk]


@dataclass
class OperationLogExport:
    header: list[str]
    rows: Iterator[list[Any]]
    count: int


def operation_log_export(user: Any, filters: OperationLogFilters) -> OperationLogExport:
    """The rows to export: only those the user may see and export (Forbidden without the export grant).

    The set is fixed at the newest row that exists now, so the export's own log row is not part of it.
    """
    qs = operation_log_visible(user, filters, action="export")
    newest = qs.order_by("-id").values_list("id", flat=True).first()
    qs = qs.filter(id__lte=newest or 0)
    count = qs.count()  # the export reads every one of these rows anyway
    actions = {value: str(label) for value, label in OperationLog.Action.choices}
    kinds = dict(kind_choices())
    return OperationLogExport(
        header=export_header(), rows=_export_rows(user, qs, actions, kinds), count=count
    )


def people_in_log_scope(user: Any) -> QuerySet:
    """The people whose rows this user may see, for the person filter."""
    from atrium.accounts.models import User

    scope = scope_of(user, KIND, "view")
    people = User.objects.order_by("username")
    if scope == Scope.ALL:
        return people
    if scope == Scope.DEPARTMENT and user.department_id:
        return people.filter(department__path__startswith=user.department.path)
    return people.filter(pk=user.pk) if scope > Scope.NONE else people.none()


def kind_choices() -> list[tuple[str, str]]:
    keys = [(kind.key, str(kind.label)) for kind in all_kinds()]
    keys += [(key, str(label)) for key, label in EXTRA_KIND_LABELS.items()]
    return sorted(keys, key=lambda pair: pair[0])


@dataclass
class OperationLogScreen:
    """Everything the operation-log page shows: one page of rows, the filter choices, the next cursor."""

    rows: list[dict[str, Any]]
    next_cursor: str | None
    people: list[Any]
    kinds: list[tuple[str, str]]
    actions: list[tuple[str, str]]
    can_export: bool


def operation_log_screen(user: Any, filters: OperationLogFilters, cursor: str | None) -> OperationLogScreen:
    page = operation_log_page(user, filters, cursor)
    lines = change_lines_of(page.items, user)
    rows = [
        {
            "entry": entry,
            "person": person_label(entry),
            "action": entry.get_action_display(),
            "kind": kind_label(entry.kind) if entry.kind else "",
            "record": record_label(entry),
            "changes": lines[entry.pk],
        }
        for entry in page.items
    ]
    return OperationLogScreen(
        rows=rows,
        next_cursor=page.next_cursor,
        people=list(people_in_log_scope(user)[:500]),
        kinds=kind_choices(),
        actions=[(value, str(label)) for value, label in OperationLog.Action.choices],
        can_export=scope_of(user, KIND, "export") > Scope.NONE,
    )
