"""What a list page shows, from its spec: the parsed filters (or their errors, and the parameters ignored),
the chosen columns with their sort links, one page of rows, the count label, the saved views, the bulk bar
and which buttons the person may use. Views stay thin: they build a ``ListScreen`` and render it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

from atrium.core.errors import ValidationFailed
from atrium.core.pagination import Page
from atrium.lists.cells import Cell
from atrium.lists.filters import FilterField
from atrium.lists.query import ListQuery, parse_or_errors, without
from atrium.lists.selectors import count_label, filtered_queryset, list_page, saved_views
from atrium.lists.specs import BulkAction, Column, ListSpec, get_list, may_create, may_import


@dataclass
class Header:
    key: str
    label: Promise | str
    sort_url: str | None  # None when the column cannot be sorted
    direction: str  # "asc", "desc" or "" (not the current sort)


@dataclass
class SavedViewLink:
    view: Any
    url: str
    mine: bool


@dataclass
class Row:
    record: Any
    cells: list[Cell]

    marker: tuple[str, str] | None = None

    @property
    def label(self) -> str:
        return self.cells[0].text if self.cells else str(self.record)


@dataclass
class BulkButton:
    action: BulkAction
    choices: list[tuple[str, str]]


@dataclass
class ListScreen:
    spec: ListSpec
    query: ListQuery
    errors: dict[str, list[str]]
    columns: list[str]
    all_columns: list[tuple[str, Promise | str]]
    headers: list[Header]
    rows: list[Row]
    page: Page
    count: str  # "" when the list is not counted
    url: str
    query_string: str  # filters, sort and columns (no cursor): what saved views and exports keep
    current_query: str  # the same plus the cursor: what a bulk action re-renders
    next_url: str | None
    has_previous: bool
    filter_fields: list[FilterField]
    saved_views: list[SavedViewLink]
    active_view: int | None
    filters_query: str  # filters and sort only: what a saved view stores beside its columns
    bulk: list[BulkButton] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)

    @property
    def list_key(self) -> str:
        return self.spec.key

    @property
    def empty_text(self) -> Promise | str:
        return self.spec.filtered_empty_text if self.query.is_filtered else self.spec.empty_text

    @property
    def has_bulk_actions(self) -> bool:
        return bool(self.bulk)

    @property
    def row_actions(self) -> list[BulkAction]:
        return [button.action for button in self.bulk if button.action.per_row]

    @property
    def colspan(self) -> int:
        return len(self.headers) + (1 if self.bulk else 0) + (1 if self.row_actions else 0)

    @property
    def other_errors(self) -> list[str]:
        """Messages about parameters that have no field in the filter form (sort, cursor)."""
        params = {name for item in self.filter_fields for name in item.filter.params}
        return [message for name, msgs in self.errors.items() if name not in params for message in msgs]

    @property
    def ignored(self) -> list[str]:
        return self.query.ignored

    @property
    def active_view_name(self) -> str:
        return next((link.view.name for link in self.saved_views if link.view.pk == self.active_view), "")

    @property
    def filters_open(self) -> bool:
        """Whether the filters start unfolded on a phone: when some are set or wrong."""
        return self.query.is_filtered or bool(self.errors)


def chosen_columns(spec: ListSpec, params: QueryDict, viewer: Any = None) -> list[str]:
    """The columns named by ``columns=`` (comma-separated or repeated): the default ones among them in their
    default order, then the others in the list's order; the name always; the defaults when none is valid."""
    wanted = {part.strip() for value in params.getlist("columns") for part in value.split(",")}
    defaults = spec.default_columns_for(viewer)
    known = [column.key for column in spec.all_columns(viewer)]
    columns = [key for key in defaults if key in wanted] + [
        key for key in known if key in wanted and key not in defaults
    ]
    if not columns:
        return defaults
    return columns if spec.name_column in columns else [spec.name_column, *columns]


def encode(params: dict[str, str]) -> str:
    data = QueryDict(mutable=True)
    data.update(params)
    return data.urlencode(safe=",")


def _state_params(spec: ListSpec, query: ListQuery, columns: list[str]) -> dict[str, str]:
    params = query.to_params()
    if columns != spec.default_columns_for(query.viewer):
        params["columns"] = ",".join(columns)
    return params


def _headers(
    url: str, known: dict[str, Column], query: ListQuery, params: dict[str, str], columns: list[str]
):
    headers = []
    for key in columns:
        column = known[key]
        direction = ""
        if query.sort_column == key:
            direction = "desc" if query.descending else "asc"
        sort_url = None
        if column.sort:
            toggled = f"-{key}" if direction == "asc" else key
            sort_url = f"{url}?{encode({**params, 'sort': toggled})}"
        headers.append(Header(key=key, label=column.label, sort_url=sort_url, direction=direction))
    return headers


def reverse_or_none(name: str | None, **kwargs: Any) -> str | None:
    if name is None:
        return None
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def _links(user: Any, spec: ListSpec, query_string: str) -> dict[str, str]:
    links: dict[str, str] = {}
    suffix = f"?{query_string}" if query_string else ""
    if spec.export_allowed(user):
        for file_format in ("csv", "xlsx"):
            url = reverse_or_none(spec.url_names["export"], list_key=spec.key, format=file_format)
            if url:
                links[f"export_{file_format}"] = url + suffix
    if may_create(user, spec) and (url := reverse_or_none(spec.new_url_name)):
        links["new"] = url
    if may_import(user, spec) and (url := reverse_or_none("imports:new")):
        links["import"] = f"{url}?kind={spec.import_kind}"
    return links


def saved_view_params(view: Any) -> QueryDict:
    """The list as a saved view shows it, and which view it is (so the page can mark it)."""
    data = QueryDict(view.query, mutable=True)
    if view.columns:
        data["columns"] = ",".join(view.columns)
    data["view"] = str(view.pk)
    return data


def _saved_view_links(user: Any, list_key: str, url: str) -> list[SavedViewLink]:
    return [
        SavedViewLink(view, f"{url}?{saved_view_params(view).urlencode(safe=',')}", view.owner_id == user.pk)
        for view in saved_views(user, list_key)
    ]


def _row(spec: ListSpec, record: Any, shown: list[Column]) -> Row:
    cells = [column.make_cell(record) for column in shown]
    marker = (spec.row_marker[0], spec.row_marker[1](record)) if spec.row_marker else None
    return Row(record, cells, marker)


def _bulk(user: Any, spec: ListSpec) -> list[BulkButton]:
    buttons = []
    for action in spec.bulk_actions:
        if action.allowed(user):
            choices = action.input.choices(user) if action.input and action.input.choices else []
            buttons.append(BulkButton(action, choices))
    return buttons


def _filter_fields(user: Any, spec: ListSpec, query: ListQuery, params: QueryDict, errors: dict):
    fields = []
    for item in spec.all_filters(user):
        messages = [m for name in item.params for m in errors.get(name, [])]
        value = query.values.get(item.name)
        fields.append(FilterField(item, item.raw(params), messages, item.choices(user, value)))
    return fields


def _page(user: Any, query: ListQuery, params: QueryDict, errors: dict):
    """The page at the cursor; a stale or forged cursor, or a filter that names nothing (a department
    deleted meanwhile), is reported and the first page shown without it."""
    cursor = params.get("cursor") or None
    size = query.spec.page_size
    try:
        qs = filtered_queryset(user, query)
        return query, errors, cursor, qs, list_page(user, query, cursor, size, filtered=qs)
    except ValidationFailed as exc:
        errors = {**errors, **exc.fields}
        if set(exc.fields) - {"cursor"}:
            query, _errors = parse_or_errors(query.list_key, without(params, exc.fields), user)
        qs = filtered_queryset(user, query)
        return query, errors, None, qs, list_page(user, query, None, size, filtered=qs)


def build_screen(user: Any, list_key: str, params: QueryDict) -> ListScreen:
    """Everything the page of list ``list_key`` shows for these query parameters (Forbidden without the
    right to view the list)."""
    spec = get_list(list_key)
    assert spec is not None and spec.url_name, f"list {list_key!r} has no page"
    spec.require_open(user)
    query, errors = parse_or_errors(list_key, params, user)
    query, errors, cursor, filtered, page = _page(user, query, params, errors)
    columns = chosen_columns(spec, params, user)
    known = {column.key: column for column in spec.all_columns(user)}  # once: custom columns cost a lookup
    shown = [known[key] for key in columns]
    url = reverse(spec.url_name)
    state = _state_params(spec, query, columns)
    query_string = encode(state)
    view_param = params.get("view", "")
    return ListScreen(
        spec=spec,
        query=query,
        errors=errors,
        columns=columns,
        all_columns=[(column.key, column.label) for column in known.values()],
        headers=_headers(url, known, query, state, columns),
        rows=[_row(spec, record, shown) for record in spec.prepared(user, page.items)],
        page=page,
        count=count_label(filtered) if spec.counted else "",
        url=url,
        query_string=query_string,
        current_query=encode({**state, "cursor": cursor}) if cursor else query_string,
        next_url=f"{url}?{encode({**state, 'cursor': page.next_cursor})}" if page.next_cursor else None,
        has_previous=bool(cursor),
        filter_fields=_filter_fields(user, spec, query, params, errors),
        saved_views=_saved_view_links(user, list_key, url),
        active_view=int(view_param) if view_param.isdigit() else None,
        filters_query=encode(query.to_params()),
        bulk=_bulk(user, spec),
        links=_links(user, spec, query_string),
    )


def filter_screen(user: Any, list_key: str, params: QueryDict, url: str) -> ListScreen:
    """The list's filters and saved views without its rows, for another view of the same records (the deals'
    kanban): the filter form and the saved-view menu post to ``url`` and keep what the list keeps, so a view
    saved on one opens on the other. Its ``query`` is what that view then reads."""
    spec = get_list(list_key)
    assert spec is not None, f"no list {list_key!r}"
    spec.require_open(user)
    query, errors = parse_or_errors(list_key, params, user)
    columns = chosen_columns(spec, params, user)
    state = _state_params(spec, query, columns)
    query_string = encode(state)
    view_param = params.get("view", "")
    return ListScreen(
        spec=spec,
        query=query,
        errors=errors,
        columns=columns,
        all_columns=[],
        headers=[],
        rows=[],
        page=Page(items=[], next_cursor=None),
        count="",
        url=url,
        query_string=query_string,
        current_query=query_string,
        next_url=None,
        has_previous=False,
        filter_fields=_filter_fields(user, spec, query, params, errors),
        saved_views=_saved_view_links(user, list_key, url),
        active_view=int(view_param) if view_param.isdigit() else None,
        filters_query=encode(query.to_params()),
        links=_links(user, spec, query_string),
    )
