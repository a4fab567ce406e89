"""The list engine from its specs: every sortable column names an index that exists, unknown parameters
are reported (page) or refused (API), the parser is the same for page, API and export."""

from __future__ import annotations

import pytest
from django.urls import reverse

from atrium.lists.query import parse_list_query
from atrium.lists.specs import LISTS

pytestmark = pytest.mark.django_db


def _index_names(model) -> set[str]:
    return {index.name for index in model._meta.indexes}


@pytest.mark.parametrize("key", sorted(LISTS))
def test_each_sort_names_an_index_that_exists(key, personas):
    spec = LISTS[key]
    model = spec.queryset(personas.admin, "view").model
    for column in spec.columns:
        if column.index == "unique":
            assert model._meta.get_field(column.sort).unique, f"{key}.{column.key} is not unique"
        elif column.index and column.index != "pk":
            assert column.index in _index_names(model), f"{key}.{column.key}: no index {column.index}"
        if column.index:
            assert column.sort, f"{key}.{column.key} names an index but is not sortable"


def test_the_page_says_which_parameters_were_ignored(client_as, personas):
    response = client_as("sales1").get(reverse("customers:list"), {"levle": "A", "department": ""})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="ignored-params"' in html
    assert "levle" in html and "已忽略" in html
    pool = client_as("sales1").get(reverse("customers:pool"), {"owner": "3"}).content.decode()
    assert 'data-testid="ignored-params"' in pool  # the pool has no owner filter


@pytest.mark.parametrize(
    "path", ["/api/v1/customers", "/api/v1/customers/pool", "/api/v1/contacts", "/api/v1/leads"]
)
def test_the_api_refuses_unknown_parameters_by_name(api_as, path):
    response = api_as("sales1").get(path, {"levle": "A", "limit": 5})
    body = response.json()
    assert response.status_code == 400 and set(body["fields"]) == {"levle"}
    assert api_as("sales1").get(path, {"limit": 5}).status_code == 200


def test_one_parser_for_page_api_and_export():
    query = parse_list_query("customers", {"level": "A", "sort": "-name", "cursor": "x", "columns": "name"})
    assert query.to_params() == {"level": "A", "sort": "-name"} and query.ignored == []
    assert parse_list_query("customers", {"limit": "5"}).ignored == ["limit"]  # not a page parameter
