"""The API side of a list: its query parameters as a ninja schema (so OpenAPI documents each list's own
filters) and one page of it parsed by the same parser as the page and the export. Unknown parameters answer
400 naming them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema
from pydantic import create_model

from atrium.core.pagination import Page
from atrium.lists.query import API_PARAMS, parse_strict
from atrium.lists.selectors import list_page
from atrium.lists.specs import ListSpec


def api_params(spec: ListSpec) -> type[Schema]:
    """The query schema of the list's API: every filter parameter (as text, parsed by the list's filters),
    ``sort``, ``cursor`` and ``limit``."""
    fields: dict[str, Any] = {
        name: (str, Field("", description=str(item.label) or name))
        for item in spec.all_filters()
        for name in item.params
    }
    fields["sort"] = (str, Field("", description="a sortable column, '-' for descending"))
    fields["cursor"] = (str | None, None)
    fields["limit"] = (int, Field(50, ge=1, le=spec.max_limit))
    name = "".join(part.title() for part in spec.key.split("_")) + "ListParams"
    return create_model(name, __base__=Schema, **fields)


def api_list_page(request: HttpRequest, spec: ListSpec) -> Page:
    """One page of the list for the API, from the request's query string."""
    query = parse_strict(spec.key, request.GET, API_PARAMS)
    return list_page(request.user, query, request.GET.get("cursor") or None, request.GET.get("limit", 50))
