"""The matrix's reads: list filters (API and page), sort, export and global search for each type."""

from __future__ import annotations

import csv
import io

import pytest

from atrium.fields.models import FieldType
from atrium.fields.tests.type_matrix.cases import BY_TYPE, CASES, MATCH, OTHER, SEARCHED, SORTED, ids
from atrium.fields.tests.type_matrix.support import cell, define_field, names

pytestmark = pytest.mark.django_db


# 3. list filters --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_list_filter(api_as, client_as, pair, resolve, case):
    pair(case)
    api = api_as("sales1")
    assert sorted(names(api.get("/api/v1/customers"))) == sorted([MATCH, OTHER])
    for given in case.filters:
        params = {case.param + op: resolve(value) for op, value in given.items()}
        assert names(api.get("/api/v1/customers", params)) == [MATCH], params
        html = client_as("sales1").get("/customers/", params)
        assert html.status_code == 200, params
        assert MATCH in html.content.decode() and OTHER not in html.content.decode(), params


# A text-like filter takes any text (it is a "contains"); the others refuse a value of another type.
BAD_FILTERS = {
    FieldType.NUMBER: {"": "很大"},
    FieldType.MONEY: {"__gte": "很多"},
    FieldType.PERCENT: {"__lte": "八折"},
    FieldType.DATE: {"__gte": "明天"},
    FieldType.DATETIME: {"": "下午三点"},
    FieldType.BOOLEAN: {"": "也许"},
    FieldType.SELECT: {"": "哥特"},
    FieldType.MULTI_SELECT: {"__in": "keting,阳台"},
    FieldType.PERSON: {"": "陈工"},
    FieldType.DEPARTMENT: {"__in": "工程部"},
}


@pytest.mark.parametrize("case", [BY_TYPE[t] for t in BAD_FILTERS], ids=ids)
def test_a_bad_filter_value_is_refused_naming_the_parameter(api_as, personas, case):
    define_field(personas, case)
    [(op, value)] = BAD_FILTERS[case.type].items()
    refused = api_as("sales1").get("/api/v1/customers", {case.param + op: value})
    assert refused.status_code == 400, refused.content
    assert case.param + op in refused.json()["fields"]


# 4. sort ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", SORTED, ids=ids)
def test_sort(api_as, pair, case):
    pair(case)
    api = api_as("sales1")
    ascending = [MATCH, OTHER] if case.value_first else [OTHER, MATCH]
    assert names(api.get("/api/v1/customers", {"sort": case.param})) == ascending
    assert names(api.get("/api/v1/customers", {"sort": "-" + case.param})) == ascending[::-1]


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_a_field_not_marked_sortable_does_not_sort(api_as, personas, case):
    define_field(personas, case, sortable=False)
    refused = api_as("sales1").get("/api/v1/customers", {"sort": case.param})
    assert refused.status_code == 400, refused.content


# 6. export --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_export(client_as, pair, resolve, case):
    pair(case)
    response = client_as("sales1").get(
        "/lists/customers/export.csv", {"columns": f"name,{case.param}", "sort": "name"}
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    header = rows.index(next(r for r in rows if r and r[-1] == case.label))
    cells = {row[0]: row[1] for row in rows[header + 1 :] if len(row) == 2}
    assert cells[MATCH] == (case.export or case.text)
    assert OTHER in cells
    stored = resolve(case.stored)
    if case.type in (FieldType.SELECT, FieldType.MULTI_SELECT, FieldType.PERSON, FieldType.DEPARTMENT):
        assert cell(stored) not in cells.values()  # the option's value or the id never reaches the file


# 7. search --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", SEARCHED, ids=ids)
def test_search(api_as, pair, case):
    _field, match, _other = pair(case)
    response = api_as("sales1").get("/api/v1/search", {"q": case.search, "kinds": "customer"})
    assert response.status_code == 200, response.content
    found = {item["id"] for item in response.json()["items"] if item["kind"] == "customer"}
    assert found == {match.pk}
