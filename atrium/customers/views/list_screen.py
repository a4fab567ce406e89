"""What a list page shows: the parsed filters (or their errors), the chosen columns with their sort links, one
page of rows, the count label, the saved views, and which buttons the person may use.

The views stay thin: they build a ``ListScreen`` from the query string and render it. Reads go through the
customers selectors (which filter through ``core.access``); this module only arranges them for the template.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from atrium.core.access import can, require, scope_of
from atrium.core.errors import ValidationFailed
from atrium.core.kinds import Scope
from atrium.core.pagination import Page
from atrium.customers.filters import (
    COLUMNS,
    DEFAULT_COLUMNS,
    FILTERS,
    SORTABLE_COLUMNS,
    ListQuery,
    parse_list_query,
)
from atrium.customers.selectors import count_label, list_page, list_queryset, saved_views
from atrium.customers.views.list_cells import Cell, cells_of
from atrium.customers.views.list_options import FilterOptions, filter_options

PAGE_SIZE = 50
FILTER_FIELDS = (
    "q",
    "owner",
    "department",
    "industry",
    "source",
    "level",
    "status",
    "tag",
    "created_from",
    "created_to",
    "followup_from",
    "followup_to",
)


@dataclass(frozen=True)
class ListSpec:
    """The fixed facts of one list: its kind of record, its pages and its buttons."""

    key: str
    kind: str
    title: Promise
    url_name: str
    record_kind: str  # the kind whose create/import/export/assign rights the buttons follow
    new_url_name: str | None
    import_kind: str | None
    new_label: Promise | None
    empty_text: Promise
    filtered_empty_text: Promise


LISTS: dict[str, ListSpec] = {
    "customers": ListSpec(
        "customers",
        "customer",
        _("Customers"),
        "customers:list",
        "customer",
        "customers:customer_new",
        "customers",
        _("New customer"),
        _("No customers yet. Create one or import a file to get started."),
        _("No customers match these filters."),
    ),
    "contacts": ListSpec(
        "contacts",
        "contact",
        _("Contacts"),
        "customers:contacts",
        "contact",
        "customers:contact_new",
        "contacts",
        _("New contact"),
        _("No contacts yet."),
        _("No contacts match these filters."),
    ),
    "leads": ListSpec(
        "leads",
        "lead",
        _("Leads"),
        "customers:leads",
        "lead",
        "customers:lead_new",
        "leads",
        _("New lead"),
        _("No leads yet. Create one or import a file to get started."),
        _("No leads match these filters."),
    ),
    "pool": ListSpec(
        "pool",
        "customer_pool",
        _("Customer pool"),
        "customers:pool",
        "customer",
        None,
        None,
        None,
        _("The customer pool is empty."),
        _("No customers in the pool match these filters."),
    ),
}


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


@dataclass
class ListScreen:
    spec: ListSpec
    query: ListQuery
    errors: dict[str, list[str]]
    columns: list[str]
    all_columns: list[tuple[str, Promise]]
    headers: list[Header]
    rows: list[Row]
    page: Page
    count: str
    url: str
    query_string: str  # filters, sort and columns (no cursor): what saved views and exports keep
    current_query: str  # the same plus the cursor: what a bulk action re-renders
    next_url: str | None
    has_previous: bool
    options: FilterOptions
    saved_views: list[SavedViewLink]
    active_view: int | None
    raw: dict[str, str]  # the filter values as typed, shown back in the form (bad ones too)
    filters_query: str  # filters and sort only: what a saved view stores beside its columns
    actions: dict[str, bool] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)

    @property
    def list_key(self) -> str:
        return self.spec.key

    @property
    def empty_text(self) -> Promise:
        return self.spec.filtered_empty_text if self.query.is_filtered else self.spec.empty_text

    @property
    def has_bulk_actions(self) -> bool:
        return any(self.actions.get(name) for name in ("transfer", "tag", "release", "delete", "claim"))

    @property
    def filters(self) -> frozenset[str]:
        return FILTERS[self.spec.key]

    @property
    def colspan(self) -> int:
        return (
            len(self.headers) + (1 if self.has_bulk_actions else 0) + (1 if self.actions.get("claim") else 0)
        )

    @property
    def other_errors(self) -> list[str]:
        """Messages about parameters that have no field in the filter form (sort, cursor)."""
        return [
            message for name, msgs in self.errors.items() if name not in FILTER_FIELDS for message in msgs
        ]

    @property
    def active_view_name(self) -> str:
        return next((link.view.name for link in self.saved_views if link.view.pk == self.active_view), "")


def chosen_columns(list_key: str, params: QueryDict) -> list[str]:
    """The columns named by ``columns=`` (comma-separated or repeated): the default ones among them in their
    default order, then the others in the list's order; the name always; the defaults when none is valid."""
    wanted = {part.strip() for value in params.getlist("columns") for part in value.split(",")}
    defaults = DEFAULT_COLUMNS[list_key]
    known = [key for key, _label in COLUMNS[list_key]]
    columns = [key for key in defaults if key in wanted] + [
        key for key in known if key in wanted and key not in defaults
    ]
    if not columns:
        return list(defaults)
    return columns if "name" in columns else ["name", *columns]


def parse_or_errors(list_key: str, params: QueryDict) -> tuple[ListQuery, dict[str, list[str]]]:
    """The list's query, and the messages of the bad parameters (which are then left out, so the list still
    shows with the good ones)."""
    try:
        return parse_list_query(list_key, params), {}
    except ValidationFailed as exc:
        try:
            return parse_list_query(list_key, _without(params, exc.fields)), exc.fields
        except ValidationFailed:
            return parse_list_query(list_key, QueryDict()), exc.fields


def _without(params: QueryDict, names: Any) -> QueryDict:
    kept = params.copy()
    for name in names:
        kept.pop(name, None)
    return kept


def _encode(params: dict[str, str]) -> str:
    data = QueryDict(mutable=True)
    data.update(params)
    return data.urlencode(safe=",")


def _state_params(list_key: str, query: ListQuery, columns: list[str]) -> dict[str, str]:
    params = query.to_params()
    if columns != DEFAULT_COLUMNS[list_key]:
        params["columns"] = ",".join(columns)
    return params


def _headers(url: str, list_key: str, query: ListQuery, params: dict[str, str], columns: list[str]):
    labels = dict(COLUMNS[list_key])
    headers = []
    for key in columns:
        direction = ""
        if query.sort_column == key:
            direction = "desc" if query.descending else "asc"
        sort_url = None
        if key in SORTABLE_COLUMNS[list_key]:
            toggled = f"-{key}" if direction == "asc" else key
            sort_url = f"{url}?{_encode({**params, 'sort': toggled})}"
        headers.append(Header(key=key, label=labels[key], sort_url=sort_url, direction=direction))
    return headers


def _reverse_or_none(name: str | None, **kwargs: Any) -> str | None:
    if name is None:
        return None
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def _actions(user: Any, spec: ListSpec) -> dict[str, bool]:
    kind = spec.record_kind
    if spec.key == "pool":
        return {"claim": can(user, "customer_pool", "assign")}
    customers = spec.key == "customers"
    return {
        "create": can(user, kind, "create"),
        "import": can(user, kind, "import"),
        "transfer": customers and can(user, kind, "assign"),
        "tag": customers and can(user, kind, "edit"),
        "release": customers and can(user, kind, "edit"),
        "delete": customers and can(user, kind, "delete"),
    }


def _links(user: Any, spec: ListSpec, query_string: str) -> dict[str, str]:
    links: dict[str, str] = {}
    suffix = f"?{query_string}" if query_string else ""
    # Pool customers have no owner, so only an export right over all customers reaches them.
    export_scope = scope_of(user, spec.record_kind, "export")
    if export_scope == Scope.ALL or (spec.key != "pool" and export_scope > Scope.NONE):
        for file_format in ("csv", "xlsx"):
            url = _reverse_or_none("customers:list_export", list_key=spec.key, format=file_format)
            if url:
                links[f"export_{file_format}"] = url + suffix
    if spec.new_url_name and can(user, spec.record_kind, "create"):
        url = _reverse_or_none(spec.new_url_name)
        if url:
            links["new"] = url
    if spec.import_kind and can(user, spec.record_kind, "import"):
        url = _reverse_or_none("imports:new")
        if url:
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


def build_screen(user: Any, list_key: str, params: QueryDict) -> ListScreen:
    """Everything the list page of ``list_key`` shows for these query parameters (Forbidden without the
    right to view the list)."""
    spec = LISTS[list_key]
    require(user, spec.kind, "view")
    query, errors = parse_or_errors(list_key, params)
    columns = chosen_columns(list_key, params)
    url = reverse(spec.url_name)
    state = _state_params(list_key, query, columns)
    query_string = _encode(state)
    cursor = params.get("cursor") or None
    try:
        page = list_page(user, query, cursor, PAGE_SIZE)
    # A stale or forged cursor, or a filter that names nothing (a department deleted meanwhile): say so, and
    # show the first page without it.
    except ValidationFailed as exc:
        errors = {**errors, **exc.fields}
        cursor = None
        if set(exc.fields) - {"cursor"}:
            query, _errors = parse_or_errors(list_key, _without(params, exc.fields))
        page = list_page(user, query, None, PAGE_SIZE)
    view_param = params.get("view", "")
    return ListScreen(
        spec=spec,
        query=query,
        errors=errors,
        columns=columns,
        all_columns=COLUMNS[list_key],
        headers=_headers(url, list_key, query, state, columns),
        rows=[Row(record, cells_of(list_key, record, columns)) for record in page.items],
        page=page,
        count=count_label(list_queryset(user, query)),
        url=url,
        query_string=query_string,
        current_query=_encode({**state, "cursor": cursor}) if cursor else query_string,
        next_url=f"{url}?{_encode({**state, 'cursor': page.next_cursor})}" if page.next_cursor else None,
        has_previous=bool(cursor),
        options=filter_options(user, list_key, query),
        saved_views=_saved_view_links(user, list_key, url),
        active_view=int(view_param) if view_param.isdigit() else None,
        raw={name: params.get(name, "")[:100] for name in FILTER_FIELDS},
        filters_query=_encode(query.to_params()),
        actions=_actions(user, spec),
        links=_links(user, spec, query_string),
    )
