"""The product catalogue (产品与服务) in the settings centre: the list (filters, ¥ prices, sorted by name),
new and edit through the form (400 beside the field, 409 when stale), delete (quote lines keep their text),
who reads it and who keeps it, and the settings centre's card."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from atrium.sales.models import Product, QuoteLine
from atrium.sales.services import deal_create
from atrium.sales.services.quotes import product_create, quote_create, quote_version_mark

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(personas):
    made = {}
    for name, category, unit, price, active in (
        ("瓷砖铺贴", "硬装", "㎡", "120", True),
        ("水电改造", "硬装", "项", "18000", True),
        ("全屋定制衣柜", "定制", "㎡", "1280.5", True),
        ("旧款壁纸", "软装", "卷", "90", False),
    ):
        made[name] = product_create(
            actor=personas.admin,
            data={"name": name, "category": category, "unit": unit, "unit_price": price, "is_active": active},
        )
    return made


def _rows(html: str, names) -> list[str]:
    return sorted((n for n in names if n in html), key=html.index)


def test_the_list_shows_the_catalogue_sorted_by_name_with_yuan(client_as, catalogue):
    response = client_as("admin").get(reverse("sales:products"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "产品与服务" in html and "¥1,280.50" in html and "¥18,000.00" in html and "9%" in html
    assert _rows(html, catalogue) == sorted(catalogue)  # by name (the index product_name_id)
    assert reverse("sales:product_new") in html


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"q": "瓷砖"}, ["瓷砖铺贴"], ["水电改造", "全屋定制衣柜"]),
        ({"category": "定制"}, ["全屋定制衣柜"], ["瓷砖铺贴", "水电改造"]),
        ({"active": "0"}, ["旧款壁纸"], ["瓷砖铺贴", "全屋定制衣柜"]),
        ({"active": "1"}, ["瓷砖铺贴", "水电改造"], ["旧款壁纸"]),
    ],
)
def test_the_list_filters(client_as, catalogue, params, shown, hidden):
    html = client_as("manager").get(reverse("sales:products"), params).content.decode()
    assert all(name in html for name in shown) and not any(name in html for name in hidden)


def test_a_sales_rep_reads_the_catalogue_but_keeps_nothing(client_as, catalogue):
    rep = client_as("sales1")
    product = catalogue["瓷砖铺贴"]
    html = rep.get(reverse("sales:products")).content.decode()
    assert "瓷砖铺贴" in html and reverse("sales:product_new") not in html
    page = rep.get(reverse("sales:product_edit", args=[product.pk])).content.decode()
    assert "瓷砖铺贴" in page and 'data-testid="save-product"' not in page
    assert 'data-testid="delete-product"' not in page
    assert rep.get(reverse("sales:product_new")).status_code == 403
    refused = rep.post(reverse("sales:product_edit", args=[product.pk]), {"name": "改名", "version": 1})
    assert refused.status_code == 403
    assert rep.post(reverse("sales:product_delete", args=[product.pk])).status_code == 403
    assert Product.objects.filter(pk=product.pk, name="瓷砖铺贴").exists()
    assert client_as("outsider").get(reverse("sales:products")).status_code == 403


def test_new_product_through_the_form(client_as):
    client = client_as("manager")
    url = reverse("sales:product_new")
    assert "新建产品或服务" in client.get(url).content.decode()
    data = {"name": "美缝", "category": "硬装", "unit": "米", "unit_price": "¥1,200.5", "tax_rate": "6"}
    response = client.post(url, {**data, "is_active": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("sales:products")
    product = Product.objects.get(name="美缝")
    assert (product.unit, product.unit_price, product.tax_rate) == ("米", Decimal("1200.50"), Decimal("6"))
    assert product.is_active


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"unit_price": "12.345"}, "unit_price", "最多 2 位小数"),
        ({"unit_price": "一百"}, "unit_price", "请输入数字"),
        ({"tax_rate": "120"}, "tax_rate", "不能大于 100"),
        ({"name": "瓷砖铺贴", "unit": "㎡"}, "name", "产品库中已有"),
    ],
)
def test_a_refusal_is_shown_beside_its_field(client_as, catalogue, change, field, message):
    data = {"name": "新产品", "unit": "项", "unit_price": "10", "tax_rate": "9", **change}
    response = client_as("admin").post(reverse("sales:product_new"), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert Product.objects.count() == len(catalogue)


def test_edit_with_version_and_a_stale_save(client_as, catalogue):
    product = catalogue["瓷砖铺贴"]
    url = reverse("sales:product_edit", args=[product.pk])
    client = client_as("manager")
    page = client.get(url).content.decode()
    assert 'value="120.00"' in page and 'data-testid="save-product"' in page
    data = {"name": "瓷砖铺贴（800×800）", "unit": "㎡", "unit_price": "135", "tax_rate": "9", "version": 1}
    response = client.post(url, {**data, "is_active": "on"})
    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.name, product.unit_price, product.version) == (
        "瓷砖铺贴（800×800）",
        Decimal("135.00"),
        2,
    )
    stale = client.post(url, {**data, "unit_price": "99", "version": 1})
    assert stale.status_code == 409 and 'data-testid="stale"' in stale.content.decode()
    assert "99" not in str(Product.objects.get(pk=product.pk).unit_price)


def test_delete_keeps_the_quote_lines(client_as, personas, customers, pipeline, catalogue):
    product = catalogue["水电改造"]
    deal = deal_create(
        actor=personas.sales1,
        data={"title": "全屋装修", "customer": customers["sales1"].pk, "pipeline": pipeline.pk},
    )
    quote = quote_create(
        actor=personas.sales1, deal=deal, data={"lines": [{"product": product.pk, "quantity": "1"}]}
    )
    response = client_as("admin").post(reverse("sales:product_delete", args=[product.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("sales:products")
    assert not Product.objects.filter(pk=product.pk).exists()
    line = QuoteLine.objects.get(quote_version__quote=quote)
    assert (line.product_id, line.description, line.unit_price) == (None, "水电改造", Decimal("18000.00"))
    assert client_as("admin").get(reverse("sales:product_edit", args=[product.pk])).status_code == 404


def test_the_settings_centre_card(client_as):
    for who in ("admin", "manager"):
        html = client_as(who).get("/settings/").content.decode()
        assert reverse("sales:products") in html and "产品与服务" in html, who
    # A sales rep reads the catalogue (in quotes, and at its address) but has no settings to keep.
    assert client_as("sales1").get("/settings/").status_code == 403


def test_the_export_follows_the_list(client_as, catalogue):
    response = client_as("admin").get(reverse("lists:export", args=["products", "csv"]), {"category": "硬装"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response.status_code == 200 and "水电改造" in text and "全屋定制衣柜" not in text


def test_the_quotes_list_shows_the_persons_quotes_with_their_latest_status(
    client_as, personas, customers, pipeline
):
    made = {}
    for who in ("sales1", "sales2"):
        deal = deal_create(
            actor=personas[who],
            data={"title": f"报价·{who}", "customer": customers[who].pk, "pipeline": pipeline.pk},
        )
        made[who] = quote_create(
            actor=personas[who],
            deal=deal,
            data={"lines": [{"description": "水电改造", "quantity": "1", "unit_price": "18000"}]},
        )
    quote_version_mark(actor=personas.sales1, quote=made["sales1"], number=1, status="sent", version=1)
    page = client_as("sales1").get(reverse("sales:quotes")).content.decode()
    assert made["sales1"].number in page and made["sales2"].number not in page and "已发送" in page
    drafts = client_as("sales1").get(reverse("sales:quotes") + "?status=draft").content.decode()
    assert made["sales1"].number not in drafts
    assert client_as("outsider").get(reverse("sales:quotes")).status_code == 403
