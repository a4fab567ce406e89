"""The registry of list specs. An app declares each of its lists once, in its ``lists.py``, with keyword
arguments; the engine derives from it the page, the API's filters, the export and the saved views.

    register_list(
        key="deals", kind="deal", title=_("Deals"), queryset=deals_visible,
        columns=[Column("name", _("Name"), cell=link_cell("deals:detail"), sort="name", index="deal_name_id"), …],
        filters=[SearchFilter(search_kind="deal"), PersonFilter(name="owner", field="owner", kind="deal"), …],
        default_sort="-created_at", default_columns=["name", "stage", "owner"],
        url_name="deals:list", new_url_name="deals:new", new_label=_("New deal"),
        bulk_actions=[BulkAction(key="transfer", …)],
    )

``queryset(user, action)`` is the base of the list for the action ("view" or "export"): it goes through
``core.access`` (``require`` + ``visible``) and loads the related rows the cells read (``select_related``).

Optional: ``open_to(user)`` says who may open the list (default: the ``view`` right on ``kind``; a list of
one's own records, like "my imports", opens to everyone signed in and scopes in its queryset);
``prepare(user, records)`` loads, once for a page or an export chunk, what the cells read that a queryset
cannot (names resolved through ``core.access``), setting it on the records; ``counted=False`` leaves out the
"N in total" label (a list as large as the operation log is never counted).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from atrium.core.access import can, scope_of
from atrium.core.errors import Forbidden
from atrium.core.kinds import Scope
from atrium.lists.cells import Cell, CellMaker, attribute, field_cell
from atrium.lists.filters import Choices, ListFilter

ExportValue = Callable[[Any], Any]
EMPTY_TEXT = _("Nothing here yet.")
FILTERED_EMPTY_TEXT = _("Nothing matches these filters.")


@dataclass(frozen=True)
class Column:
    """A column: its label, how a cell shows it (default: the field ``key``), what an export writes (default:
    the field's value), and, when sortable, the model field sorted on and the index that serves that sort
    ("pk" for the primary key). ``export_value`` is built per export, so labels are translated once."""

    key: str
    label: Promise | str
    cell: CellMaker | None = None
    export: Callable[[], ExportValue] | None = None
    sort: str | None = None
    index: str = ""
    shown_by_default: bool = False  # an added column (custom field) among the default ones

    def make_cell(self, record: Any) -> Cell:
        cell = (self.cell or field_cell(self.key))(record)
        cell.key = self.key
        return cell

    def export_value(self) -> ExportValue:
        if self.export is not None:
            return self.export()
        return lambda record: attribute(record, self.key)


@dataclass(frozen=True)
class BulkInput:
    """What a bulk action asks for beside the ticked rows: a person (select) or a text."""

    name: str
    label: Promise | str
    kind: str = "text"  # "text" or "select"
    choices: Callable[[Any], Choices] | None = None  # the user -> choices, for "select"


@dataclass(frozen=True)
class BulkAction:
    """An action on the ticked rows. ``run(actor, ids, data)`` calls ONE service and answers the message to
    show; ``allowed(user)`` says whether the button shows. ``confirm`` (a function of the number of rows)
    asks first; ``per_row`` also puts the button on each row."""

    key: str
    label: Promise | str
    run: Callable[[Any, list[int], QueryDict], str]
    allowed: Callable[[Any], bool]
    input: BulkInput | None = None
    confirm: Callable[[int], str] | None = None
    confirm_title: Promise | str = ""
    style: str = ""  # "", "primary" or "danger"
    per_row: bool = False


@dataclass(frozen=True)
class ListSpec:
    key: str
    kind: str  # whose "view" right opens the list
    title: Promise | str
    queryset: Callable[[Any, str], QuerySet]
    columns: tuple[Column, ...]
    filters: tuple[ListFilter, ...]
    default_sort: str
    default_columns: tuple[str, ...]
    record_kind: str  # whose create / import / export rights the buttons follow
    url_name: str | None
    detail_url_name: str | None
    new_url_name: str | None
    new_label: Promise | str | None
    import_kind: str | None
    export_allowed: Callable[[Any], bool]
    bulk_actions: tuple[BulkAction, ...]
    empty_text: Promise | str
    filtered_empty_text: Promise | str
    url_names: Mapping[str, str]  # "bulk", "export", "saved_view_save", "saved_view_delete"
    name_column: str = "name"  # always shown; the row's label for screen readers
    row_marker: tuple[str, Callable[[Any], str]] | None = None  # e.g. ("data-user", username) on each row
    open_to: Callable[[Any], bool] | None = None
    prepare: Callable[[Any, list[Any]], None] | None = None
    counted: bool = True
    page_size: int = 50
    max_limit: int = 200

    def require_open(self, user: Any) -> None:
        """Forbidden unless the user may open this list (its page, API, saved views)."""
        allowed = self.open_to(user) if self.open_to is not None else can(user, self.kind, "view")
        if not allowed:
            raise Forbidden()

    def prepared(self, user: Any, records: list[Any]) -> list[Any]:
        """The records with what ``prepare`` loads for their cells (once for all of them)."""
        if self.prepare is not None and records:
            self.prepare(user, records)
        return records

    def all_columns(self, viewer: Any = None) -> tuple[Column, ...]:
        """The declared columns and those other apps add for this viewer (custom fields the person may see);
        without a viewer, the declared ones."""
        if viewer is None:
            return self.columns
        return (*self.columns, *(c for source in COLUMN_SOURCES for c in source(self, viewer)))

    def default_columns_for(self, viewer: Any = None) -> list[str]:
        """The default columns, with the added ones marked to be shown by default."""
        added = self.all_columns(viewer)[len(self.columns) :]
        return [*self.default_columns, *(c.key for c in added if c.shown_by_default)]

    def column(self, key: str, viewer: Any = None) -> Column | None:
        return next((column for column in self.all_columns(viewer) if column.key == key), None)

    @property
    def sortable(self) -> dict[str, str]:
        """Column key → the model field sorted on (the declared columns)."""
        return self.sortable_for(None)

    def sortable_for(self, viewer: Any) -> dict[str, str]:
        return {column.key: column.sort for column in self.all_columns(viewer) if column.sort}

    def all_filters(self, viewer: Any = None) -> tuple[ListFilter, ...]:
        """The declared filters and those other apps add for this viewer (custom fields); without a viewer
        (the API's documented parameters), the declared ones."""
        if viewer is None:
            return self.filters
        return (*self.filters, *(f for source in FILTER_SOURCES for f in source(self, viewer)))

    def bulk_action(self, key: str) -> BulkAction | None:
        return next((action for action in self.bulk_actions if action.key == key), None)


LISTS: dict[str, ListSpec] = {}
FILTER_SOURCES: list[Callable[[ListSpec, Any], Iterable[ListFilter]]] = []
COLUMN_SOURCES: list[Callable[[ListSpec, Any], Iterable[Column]]] = []
ENGINE_URL_NAMES = {
    "bulk": "lists:bulk",
    "export": "lists:export",
    "saved_view_save": "lists:saved_view_save",
    "saved_view_delete": "lists:saved_view_delete",
}


def _default_export_allowed(kind: str) -> Callable[[Any], bool]:
    return lambda user: scope_of(user, kind, "export") > Scope.NONE


def register_list(
    *,
    key: str,
    kind: str,
    title: Promise | str,
    queryset: Callable[[Any, str], QuerySet],
    columns: Sequence[Column],
    filters: Sequence[ListFilter] = (),
    default_sort: str = "-created_at",
    default_columns: Sequence[str] = (),
    record_kind: str | None = None,
    url_name: str | None = None,
    detail_url_name: str | None = None,
    new_url_name: str | None = None,
    new_label: Promise | str | None = None,
    import_kind: str | None = None,
    export_allowed: Callable[[Any], bool] | None = None,
    bulk_actions: Sequence[BulkAction] = (),
    empty_text: Promise | str = EMPTY_TEXT,
    filtered_empty_text: Promise | str = FILTERED_EMPTY_TEXT,
    url_names: Mapping[str, str] | None = None,
    name_column: str = "name",
    row_marker: tuple[str, Callable[[Any], str]] | None = None,
    open_to: Callable[[Any], bool] | None = None,
    prepare: Callable[[Any, list[Any]], None] | None = None,
    counted: bool = True,
) -> ListSpec:
    """Declare a list (see the module's docstring); the key must be new."""
    if key in LISTS:
        raise ValueError(f"list {key!r} is already registered")
    keys = [column.key for column in columns]
    unknown = [name for name in (*default_columns, default_sort.lstrip("-")) if name not in keys]
    if unknown or len(set(keys)) != len(keys):
        raise ValueError(f"list {key!r}: unknown or repeated columns {unknown or keys}")
    spec = ListSpec(
        key=key,
        kind=kind,
        title=title,
        queryset=queryset,
        columns=tuple(columns),
        filters=tuple(filters),
        default_sort=default_sort,
        default_columns=tuple(default_columns or keys),
        record_kind=record_kind or kind,
        url_name=url_name,
        detail_url_name=detail_url_name,
        new_url_name=new_url_name,
        new_label=new_label,
        import_kind=import_kind,
        export_allowed=export_allowed or _default_export_allowed(record_kind or kind),
        bulk_actions=tuple(bulk_actions),
        empty_text=empty_text,
        filtered_empty_text=filtered_empty_text,
        url_names={**ENGINE_URL_NAMES, **(url_names or {})},
        name_column=name_column,
        row_marker=row_marker,
        open_to=open_to,
        prepare=prepare,
        counted=counted,
    )
    LISTS[key] = spec
    return spec


def get_list(key: str) -> ListSpec | None:
    return LISTS.get(key)


def register_filter_source(source: Callable[[ListSpec, Any], Iterable[ListFilter]]) -> None:
    """Add filters to lists from outside their app (custom fields): ``source(spec, viewer)`` answers the
    extra filters of that list for that person (none for lists it does not concern)."""
    FILTER_SOURCES.append(source)


def register_column_source(source: Callable[[ListSpec, Any], Iterable[Column]]) -> None:
    """Add columns to lists from outside their app (custom fields): ``source(spec, viewer)`` answers the
    extra columns of that list for that person; their keys must not clash with declared ones."""
    COLUMN_SOURCES.append(source)


def may_create(user: Any, spec: ListSpec) -> bool:
    return bool(spec.new_url_name) and can(user, spec.record_kind, "create")


def may_import(user: Any, spec: ListSpec) -> bool:
    return bool(spec.import_kind) and can(user, spec.record_kind, "import")
