"""The API of the product catalogue and of quotes: products listed in cursor pages with the list's filters,
created, edited with version (409 when stale), deleted, read by sales reps and kept by managers; quotes created
with their lines, read with their versions, a version's lines and totals as strings with 大写, a draft saved
(409 stale, 400 "frozen" once sent), a new version, status changes, the PDF, delete; 404 out of scope."""

from __future__ import annotations

import json

import pytest

from atrium.sales.models import Product, Quote
from atrium.sales.services import deal_create
from atrium.sales.services.quotes import product_create

pytestmark = pytest.mark.django_db

LINES = [
    {"description": "客厅地面铺贴", "unit": "㎡", "quantity": "35.5", "unit_price": "120", "tax_rate": "9"},
    {"description": "水电改造", "quantity": 1, "unit_price": "18000", "discount_percent": "5", "tax_rate": 9},
]


def send(client, method: str, url: str, body: dict | None = None):
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, data=json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def deals(personas, customers, pipeline):
    return {
        who: deal_create(
            actor=personas[who],
            data={"title": f"{who} 全屋装修", "customer": customers[who].pk, "pipeline": pipeline.pk},
        )
        for who in ("sales1", "sales2")
    }


def _quote(api, deal, lines=LINES, **extra):
    response = send(api, "post", "/api/v1/quotes", {"deal": deal.pk, "lines": lines, **extra})
    assert response.status_code == 201, response.json()
    return response.json()


# Products ---------------------------------------------------------------------------------------------------


def test_products_are_created_read_listed_and_filtered(api_as):
    api = api_as("manager")
    created = send(
        api,
        "post",
        "/api/v1/products",
        {"name": "瓷砖铺贴", "category": "硬装", "unit": "㎡", "unit_price": "¥1,280.5", "tax_rate": 9},
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["unit_price"] == "1280.50" and body["tax_rate"] == "9.00" and body["version"] == 1
    assert body["is_active"] is True and body["category"] == "硬装"
    assert api.get(f"/api/v1/products/{body['id']}").json() == body
    for name in ("水电改造", "艺术涂料", "旧款壁纸"):
        send(api, "post", "/api/v1/products", {"name": name, "is_active": name != "旧款壁纸"})
    page = api.get("/api/v1/products", {"limit": 2}).json()
    assert [p["name"] for p in page["items"]] == sorted(["瓷砖铺贴", "水电改造", "艺术涂料", "旧款壁纸"])[:2]
    rest = api.get("/api/v1/products", {"limit": 2, "cursor": page["next_cursor"]}).json()
    assert len(rest["items"]) == 2 and rest["next_cursor"] is None
    assert [p["name"] for p in api.get("/api/v1/products", {"q": "瓷砖"}).json()["items"]] == ["瓷砖铺贴"]
    assert [p["name"] for p in api.get("/api/v1/products", {"category": "硬装"}).json()["items"]] == [
        "瓷砖铺贴"
    ]
    assert [p["name"] for p in api.get("/api/v1/products", {"active": "0"}).json()["items"]] == ["旧款壁纸"]
    unknown = api.get("/api/v1/products", {"colour": "red"})
    assert unknown.status_code == 400 and set(unknown.json()["fields"]) == {"colour"}


def test_products_are_edited_with_version_and_deleted(api_as, personas):
    api = api_as("admin")
    product = product_create(actor=personas.admin, data={"name": "美缝", "unit": "米", "unit_price": "20"})
    url = f"/api/v1/products/{product.pk}"
    patched = send(api, "patch", url, {"version": 1, "unit_price": "25.5"})
    assert patched.status_code == 200 and patched.json()["unit_price"] == "25.50"
    assert patched.json()["name"] == "美缝" and patched.json()["version"] == 2
    stale = send(api, "patch", url, {"version": 1, "name": "改名"})
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    bad = send(api, "patch", url, {"version": 2, "tax_rate": "101"})
    assert bad.status_code == 400 and "tax_rate" in bad.json()["fields"]
    assert Product.objects.get(pk=product.pk).name == "美缝"
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404


def test_a_sales_rep_reads_products_but_does_not_keep_them(api_as, personas):
    product = product_create(actor=personas.admin, data={"name": "水电改造", "unit_price": "18000"})
    rep = api_as("sales1")
    assert rep.get("/api/v1/products").json()["items"][0]["name"] == "水电改造"
    assert rep.get(f"/api/v1/products/{product.pk}").status_code == 200
    assert send(rep, "post", "/api/v1/products", {"name": "x"}).status_code == 403
    assert (
        send(rep, "patch", f"/api/v1/products/{product.pk}", {"version": 1, "name": "x"}).status_code == 403
    )
    assert rep.delete(f"/api/v1/products/{product.pk}").status_code == 403
    assert api_as("outsider").get("/api/v1/products").status_code == 403
    assert Product.objects.get(pk=product.pk).name == "水电改造"


# Quotes -----------------------------------------------------------------------------------------------------


def test_a_quote_is_created_and_read_with_its_version(api_as, personas, deals):
    api = api_as("sales1")
    product = product_create(actor=personas.admin, data={"name": "瓷砖", "unit": "㎡", "unit_price": "80"})
    body = _quote(api, deals["sales1"], [*LINES, {"product": product.pk, "quantity": "10"}], title="报价一")
    assert body["number"].startswith("BJ-") and body["title"] == "报价一"
    assert body["deal"] == {"id": deals["sales1"].pk, "name": "sales1 全屋装修"}
    assert body["customer"]["name"] == "华景家园张先生"
    assert [(v["number"], v["status"]) for v in body["versions"]] == [(1, "draft")]
    assert api.get(f"/api/v1/quotes/{body['id']}").json() == body
    version = api.get(f"/api/v1/quotes/{body['id']}/versions/1").json()
    # 35.5 × 120 = 4,260.00 (+9 % 383.40); 18,000 − 5 % = 17,100.00 (+9 % 1,539.00); 10 × 80 = 800.00 (+9 % 72)
    assert (version["subtotal"], version["discount"], version["tax"], version["total"]) == (
        "23060.00",
        "900.00",
        "1994.40",
        "24154.40",
    )
    assert version["total_in_words"] == "贰万肆仟壹佰伍拾肆元肆角整"
    assert body["versions"][0]["total"] == "24154.40"
    first, second, third = version["lines"]
    assert first["quantity"] == "35.500" and first["gross"] == "4260.00" and first["tax"] == "383.40"
    assert second["discount"] == "900.00" and second["net"] == "17100.00" and second["total"] == "18639.00"
    assert (third["product"], third["description"], third["unit"], third["unit_price"]) == (
        product.pk,
        "瓷砖",
        "㎡",
        "80.00",
    )
    assert version["valid_until"] and version["status"] == "draft" and version["version"] == 1
    assert api.get(f"/api/v1/quotes/{body['id']}/versions/7").status_code == 404


def test_a_bad_line_is_named(api_as, deals):
    response = send(
        api_as("sales1"),
        "post",
        "/api/v1/quotes",
        {
            "deal": deals["sales1"].pk,
            "lines": [LINES[0], {"description": "x", "quantity": "0", "unit_price": 1}],
        },
    )
    assert response.status_code == 400 and set(response.json()["fields"]) == {"lines.2.quantity"}
    assert not Quote.objects.exists()


def test_a_draft_is_saved_then_frozen_once_sent_and_a_new_version_follows(api_as, deals):
    api = api_as("sales1")
    quote = _quote(api, deals["sales1"])
    url = f"/api/v1/quotes/{quote['id']}/versions/1"
    saved = send(api, "put", url, {"version": 1, "lines": LINES[:1], "terms": "预付 30%"})
    assert saved.status_code == 200, saved.json()
    assert saved.json()["total"] == "4643.40" and saved.json()["terms"] == "预付 30%"
    assert saved.json()["version"] == 2
    stale = send(api, "put", url, {"version": 1, "lines": LINES})
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    assert api.get(url).json()["total"] == "4643.40"  # the first save is kept
    sent = send(api, "post", f"{url}/status", {"status": "sent", "version": 2})
    assert sent.status_code == 200 and sent.json()["status"] == "sent" and sent.json()["sent_at"]
    frozen = send(api, "put", url, {"version": 3, "lines": LINES})
    assert frozen.status_code == 400 and frozen.json()["code"] == "frozen"
    new = send(api, "post", f"/api/v1/quotes/{quote['id']}/versions")
    assert new.status_code == 201 and new.json()["number"] == 2 and new.json()["status"] == "draft"
    assert new.json()["total"] == "4643.40"  # a copy of v1
    again = send(api, "post", f"/api/v1/quotes/{quote['id']}/versions")
    assert again.status_code == 400 and again.json()["code"] == "draft_exists"
    accepted = send(api, "post", f"{url}/status", {"status": "accepted", "version": 3})
    assert accepted.status_code == 200 and accepted.json()["accepted_at"]
    wrong = send(api, "post", f"{url}/status", {"status": "sent", "version": 4})
    assert wrong.status_code == 400 and wrong.json()["code"] == "bad_transition"
    summary = api.get(f"/api/v1/quotes/{quote['id']}").json()["versions"]
    assert [(v["number"], v["status"]) for v in summary] == [(1, "accepted"), (2, "draft")]
    assert api.delete(f"/api/v1/quotes/{quote['id']}").json()["code"] == "quote_sent"


def test_the_pdf_and_delete(api_as, deals):
    api = api_as("sales1")
    quote = _quote(api, deals["sales1"])
    pdf = api.get(f"/api/v1/quotes/{quote['id']}/versions/1/pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and quote["number"] in pdf["Content-Disposition"]
    assert api.delete(f"/api/v1/quotes/{quote['id']}").status_code == 204
    assert api.get(f"/api/v1/quotes/{quote['id']}").status_code == 404


def test_the_list_filters_by_deal_and_shows_the_latest_total(api_as, deals, personas, customers, pipeline):
    api = api_as("sales1")
    other_deal = deal_create(
        actor=personas.sales1,
        data={"title": "厨房翻新", "customer": customers["sales1"].pk, "pipeline": pipeline.pk},
    )
    first = _quote(api, deals["sales1"])
    second = _quote(api, other_deal, LINES[:1])
    body = api.get("/api/v1/quotes").json()
    assert [q["id"] for q in body["items"]] == [second["id"], first["id"]]  # newest first
    assert body["items"][1]["latest"] == {"number": 1, "status": "draft", "total": "23282.40"}
    only = api.get("/api/v1/quotes", {"deal": other_deal.pk}).json()["items"]
    assert [q["id"] for q in only] == [second["id"]] and only[0]["deal"]["name"] == "厨房翻新"
    assert api.get("/api/v1/quotes", {"deal": "x"}).status_code == 400


def test_out_of_scope_quotes_answer_404(api_as, deals):
    theirs = _quote(api_as("sales2"), deals["sales2"])
    base = f"/api/v1/quotes/{theirs['id']}"
    me = api_as("sales1")
    assert me.get("/api/v1/quotes").json()["items"] == []
    assert me.get("/api/v1/quotes", {"deal": deals["sales2"].pk}).json()["items"] == []
    for method, url, body in (
        ("get", base, None),
        ("get", f"{base}/versions/1", None),
        ("get", f"{base}/versions/1/pdf", None),
        ("put", f"{base}/versions/1", {"version": 1, "lines": LINES}),
        ("post", f"{base}/versions/1/status", {"status": "sent", "version": 1}),
        ("post", f"{base}/versions", None),
        ("delete", base, None),
    ):
        response = send(me, method, url, body)
        assert response.status_code == 404, (method, url)
        assert response.json()["code"] == "not_found"
    refused = send(me, "post", "/api/v1/quotes", {"deal": deals["sales2"].pk, "lines": LINES})
    assert refused.status_code == 404
    assert Quote.objects.count() == 1
