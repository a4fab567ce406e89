"""Custom fields in lists, from the definitions alone: columns (hidden ones absent for the roles they name),
filters by type on the page, the API and exports, sort with keyset pages that step over records without a
value, and saved views keeping them."""

from __future__ import annotations

import csv
import io

import pytest

from atrium.customers.services import customer_create
from atrium.fields.services import field_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    admin = personas.admin
    field_create(
        actor=admin,
        kind="customer",
        data={"label": "预算", "field_type": "money", "sortable": True, "in_list": True},
    )
    field_create(
        actor=admin,
        kind="customer",
        data={"label": "装修风格", "field_type": "select", "options": ["现代简约", "新中式", "北欧"]},
    )
    field_create(
        actor=admin,
        kind="customer",
        data={"label": "内部评级", "field_type": "text", "visibility": {"sales_rep": "hidden"}},
    )
    rows = [
        ("甲", 300000, "现代简约"),
        ("乙", 120000, "新中式"),
        ("丙", 500000, "新中式"),
        ("丁", None, "北欧"),
    ]
    for name, budget, style in rows:
        custom = {"zhuangxiufengge": style, "neibupingji": "A"}
        if budget is not None:
            custom["yusuan"] = budget
        customer_create(actor=admin, data={"name": name, "owner": personas.sales1.pk, "custom": custom})
    return rows


def _names(response) -> list[str]:
    return [item["name"] for item in response.json()["items"]]


def test_the_api_filters_by_select_range_and_in(api_as, world):
    api = api_as("sales1")
    assert sorted(_names(api.get("/api/v1/customers", {"custom.zhuangxiufengge": "xinzhongshi"}))) == [
        "丙",
        "乙",
    ]
    assert sorted(_names(api.get("/api/v1/customers", {"custom.yusuan__gte": "200000"}))) == ["丙", "甲"]
    assert _names(
        api.get("/api/v1/customers", {"custom.yusuan__gte": "200000", "custom.yusuan__lte": "400000"})
    ) == ["甲"]
    both = api.get("/api/v1/customers", {"custom.zhuangxiufengge__in": "beiou,xiandaijianyue"})
    assert sorted(_names(both)) == ["丁", "甲"]
    bad = api.get("/api/v1/customers", {"custom.zhuangxiufengge": "哥特"})
    assert bad.status_code == 400 and "custom.zhuangxiufengge" in bad.json()["fields"]
    # A field hidden from sales reps cannot filter for them: the parameter is unknown.
    hidden = api.get("/api/v1/customers", {"custom.neibupingji": "A"})
    assert hidden.status_code == 400


def test_sorting_by_money_pages_through_every_record_once(api_as, world):
    api = api_as("sales1")
    seen, cursor = [], None
    while True:
        params = {"sort": "-custom.yusuan", "limit": 1, **({"cursor": cursor} if cursor else {})}
        page = api.get("/api/v1/customers", params).json()
        seen += [item["name"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == ["丙", "甲", "乙", "丁"]  # no value last
    ascending = _names(api.get("/api/v1/customers", {"sort": "custom.yusuan"}))
    assert ascending == ["乙", "甲", "丙", "丁"]


def test_the_list_page_offers_columns_filters_and_sort(client_as, world):
    page = client_as("sales1")
    html = page.get(
        "/customers/", {"columns": "name,custom.yusuan,custom.zhuangxiufengge", "sort": "-custom.yusuan"}
    ).content.decode()
    assert "预算" in html and "¥500,000.00" in html and "新中式" in html
    assert html.index("丙") < html.index("甲") < html.index("乙")
    assert "内部评级" not in html
    filtered = page.get("/customers/", {"custom.zhuangxiufengge": "beiou"}).content.decode()
    assert "丁" in filtered and "甲装" not in filtered and ">甲<" not in filtered
    admin_html = (
        client_as("admin").get("/customers/", {"columns": "name,custom.neibupingji"}).content.decode()
    )
    assert "内部评级" in admin_html


def test_exports_write_custom_columns_in_words(client_as, world):
    response = client_as("sales1").get(
        "/lists/customers/export.csv",
        {"columns": "name,custom.yusuan,custom.zhuangxiufengge", "sort": "custom.yusuan"},
    )
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header = next(r for r in rows if "客户名称" in r or "名称" in r[0])
    assert header[1:] == ["预算", "装修风格"]
    assert ["乙", "120000", "新中式"] in rows
    hidden = client_as("sales1").get("/lists/customers/export.csv", {"columns": "name,custom.neibupingji"})
    assert hidden.status_code == 400


def test_a_field_shown_in_lists_is_a_default_column(client_as, world):
    html = client_as("sales1").get("/customers/").content.decode()
    assert 'data-column="custom.yusuan"' in html and 'data-column="custom.zhuangxiufengge"' not in html
