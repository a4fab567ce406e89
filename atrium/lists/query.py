"""One parser of a list's query parameters for its page, its API and its export (and saved views).

``parse_list_query(key, params)`` answers a ``ListQuery`` (the filter values, the sort, and the parameters it
did not understand) or raises ValidationFailed naming each bad parameter. Unknown parameters are never
silently dropped: the page says which were ignored; the API and exports answer 400 naming them
(``refuse_unknown``), because a misspelt filter there would quietly return, or export, the whole list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from atrium.core.errors import ValidationFailed
from atrium.lists.filters import Errors, ListFilter, text_param
from atrium.lists.specs import ListSpec, get_list

# Parameters every list understands beside its filters.
PAGE_PARAMS = frozenset({"sort", "cursor", "columns", "view"})
API_PARAMS = frozenset({"sort", "cursor", "limit"})
EXPORT_PARAMS = frozenset({"sort", "columns"})


@dataclass
class ListQuery:
    """The filters and sort of one list: ``values`` maps a filter's name to its parsed value (set filters
    only); ``sort`` is a column key, "-" for descending; ``ignored`` the parameters nobody understood."""

    list_key: str
    values: dict[str, Any] = field(default_factory=dict)
    sort: str = ""
    ignored: list[str] = field(default_factory=list)
    viewer: Any = None  # whose list: the custom fields' filters and columns are those this person may see

    @property
    def spec(self) -> ListSpec:
        spec = get_list(self.list_key)
        assert spec is not None
        return spec

    def to_params(self) -> dict[str, str]:
        """The set filters and a non-default sort, as query-string parameters, in the spec's order."""
        params: dict[str, str] = {}
        for item in self.spec.all_filters(self.viewer):
            if item.name in self.values:
                params.update(item.to_params(self.values[item.name]))
        if self.sort and self.sort != self.spec.default_sort:
            params["sort"] = self.sort
        return params

    @property
    def sort_column(self) -> str:
        return self.sort.lstrip("-")

    @property
    def descending(self) -> bool:
        return self.sort.startswith("-")

    @property
    def is_filtered(self) -> bool:
        return bool(self.values)


def _spec(list_key: str) -> ListSpec:
    spec = get_list(list_key)
    if spec is None:
        raise ValidationFailed({"list_key": [_("Unknown list.")]})
    return spec


def _sort(spec: ListSpec, params: Mapping[str, Any], errors: Errors, viewer: Any) -> str:
    raw = text_param(params, "sort") or spec.default_sort
    if raw.lstrip("-") not in spec.sortable_for(viewer) or raw.startswith("--"):
        errors.setdefault("sort", []).append(str(_("This list cannot be sorted by this column.")))
        return spec.default_sort
    return raw


def _names(params: Mapping[str, Any]) -> list[str]:
    return list(params.keys()) if not isinstance(params, QueryDict) else list(params)


def unknown_params(
    spec: ListSpec, params: Mapping[str, Any], known: frozenset[str], viewer: Any = None
) -> list[str]:
    understood = set(known) | {name for item in spec.all_filters(viewer) for name in item.params}
    return [name for name in _names(params) if name not in understood]


def parse_list_query(
    list_key: str, params: Mapping[str, Any], *, known: frozenset[str] = PAGE_PARAMS, viewer: Any = None
) -> ListQuery:
    """Read a list's filters and sort; ValidationFailed names each bad parameter. Parameters that are neither
    filters of this list nor in ``known`` are listed in ``ignored``."""
    spec = _spec(list_key)
    errors: Errors = {}
    query = ListQuery(list_key=list_key, sort=_sort(spec, params, errors, viewer), viewer=viewer)
    filters: tuple[ListFilter, ...] = spec.all_filters(viewer)
    for item in filters:
        value = item.parse(params, errors)
        if value is not None:
            query.values[item.name] = value
    if errors:
        raise ValidationFailed(errors)
    query.ignored = unknown_params(spec, params, known, viewer)
    return query


def refuse_unknown(query: ListQuery) -> ListQuery:
    """For the API and exports: unknown parameters are an error (400), each named."""
    if query.ignored:
        message = str(_("This list has no such filter."))
        raise ValidationFailed({name: [message] for name in query.ignored}, message)
    return query


def parse_strict(
    list_key: str, params: Mapping[str, Any], known: frozenset[str], viewer: Any = None
) -> ListQuery:
    return refuse_unknown(parse_list_query(list_key, params, known=known, viewer=viewer))


def without(params: Mapping[str, Any], names: Any) -> QueryDict:
    kept = QueryDict(mutable=True)
    for name in _names(params):
        if name in names:
            continue
        values = params.getlist(name) if isinstance(params, QueryDict) else [params[name]]
        kept.setlist(name, [str(v) for v in values])
    return kept


def parse_or_errors(
    list_key: str, params: Mapping[str, Any], viewer: Any = None
) -> tuple[ListQuery, dict[str, list[str]]]:
    """The list's query and the messages of the bad parameters, which are then left out (so the list still
    shows, with the good ones)."""
    try:
        return parse_list_query(list_key, params, viewer=viewer), {}
    except ValidationFailed as exc:
        try:
            return parse_list_query(list_key, without(params, exc.fields), viewer=viewer), exc.fields
        except ValidationFailed:
            return parse_list_query(list_key, QueryDict(), viewer=viewer), exc.fields
