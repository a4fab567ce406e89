"""The API side of a list: its query parameters as a ninja schema (so OpenAPI documents each list's own
filters) and one page of it parsed by the same parser as the page and the export. Unknown parameters answer
400 naming them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema
from pydantic import create_model

from atrium.core.pagination import Page
from atrium.lists.query import API_PARAMS, parse_strict
from atrium.lists.selectors import list_page
from atrium.lists.specs import ListSpec


def api_params(spec: ListSpec, **extra: Any) -> type[Schema]:
    """The query schema of the list's API: every filter parameter (as text, parsed by the list's filters),
    ``sort``, ``cursor`` and ``limit`` (and ``extra`` pydantic fields, e.g. an older name of a parameter that
    the handler translates before ``api_list_page``)."""
    fields: dict[str, Any] = {
        name: (str, Field("", description=str(item.label) or name))
        for item in spec.all_filters()
        for name in item.params
    }
    fields["sort"] = (str, Field("", description="a sortable column, '-' for descending"))
    fields["cursor"] = (str | None, None)
    fields["limit"] = (int, Field(50, ge=1, le=spec.max_limit))
    fields.update(extra)
    name = "".join(part.title() for part in spec.key.split("_")) + "ListParams"
    return create_model(name, __base__=Schema, **fields)


def api_list_page(request: HttpRequest, spec: ListSpec, params: Mapping[str, Any] | None = None) -> Page:
    """One page of the list for the API, from the request's query string (or ``params``, when the handler
    has translated older parameter names into the list's)."""
    spec.require_open(request.user)
    params = request.GET if params is None else params
    query = parse_strict(spec.key, params, API_PARAMS, viewer=request.user)
    return list_page(request.user, query, params.get("cursor") or None, params.get("limit", 50))
