"""Quotes of a deal, through their services and pages: versions (a sent one is frozen, a new one starts as a
copy), lines refused with their row named, 409 on a stale save, scope by the deal's owner, the difference of two
versions, and the PDF read back as text."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from atrium.core.errors import Conflict, NotFound, ServiceError, ValidationFailed
from atrium.sales.models import Product, QuoteVersion
from atrium.sales.selectors import versions_diff
from atrium.sales.services import deal_create
from atrium.sales.services.quotes import (
    product_create,
    quote_create,
    quote_delete,
    quote_version_mark,
    quote_version_new,
    quote_version_save,
)

pytestmark = pytest.mark.django_db

LINES = [
    {"description": "客厅地面铺贴", "unit": "㎡", "quantity": "35.5", "unit_price": "120", "tax_rate": "9"},
    {
        "description": "水电改造",
        "unit": "项",
        "quantity": "1",
        "unit_price": "18000",
        "discount_percent": "5",
        "tax_rate": "9",
    },
]


@pytest.fixture
def deal(personas, customers, pipeline):
    return deal_create(
        actor=personas.sales1,
        data={"title": "全屋装修", "customer": customers["sales1"].pk, "pipeline": pipeline.pk},
    )


def _quote(personas, deal, lines=LINES):
    return quote_create(actor=personas.sales1, deal=deal, data={"title": "全屋装修报价", "lines": lines})


def test_a_quote_starts_with_a_draft_and_its_totals(personas, deal):
    quote = _quote(personas, deal)
    assert quote.number.startswith("BJ-") and quote.number.endswith(f"{quote.pk:05d}")
    v1 = quote.versions.get()
    # 35.5 × 120 = 4,260.00 (+9 % = 383.40); 18,000 − 5 % = 17,100.00 (+9 % = 1,539.00)
    assert (v1.number, v1.status) == (1, "draft")
    assert (v1.subtotal, v1.discount, v1.tax, v1.total) == (
        Decimal("22260.00"),
        Decimal("900.00"),
        Decimal("1922.40"),
        Decimal("23282.40"),
    )
    assert v1.valid_until is not None


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ({"description": "x", "quantity": "-1", "unit_price": "10"}, "lines.1.quantity"),
        ({"description": "x", "quantity": "0", "unit_price": "10"}, "lines.1.quantity"),
        (
            {"description": "x", "quantity": "1", "unit_price": "10", "discount_percent": "120"},
            "lines.1.discount_percent",
        ),
        ({"description": "x", "quantity": "1", "unit_price": "-5"}, "lines.1.unit_price"),
        ({"description": "", "quantity": "1", "unit_price": "10"}, "lines.1.description"),
        ({"description": "x", "quantity": "abc", "unit_price": "10"}, "lines.1.quantity"),
        ({"product": 987654, "quantity": "1"}, "lines.1.product"),
    ],
)
def test_a_bad_line_is_named_and_nothing_is_written(personas, deal, line, field):
    with pytest.raises(ValidationFailed) as refused:
        _quote(personas, deal, lines=[line])
    assert field in refused.value.fields
    assert not QuoteVersion.objects.exists()


def test_a_product_gives_the_lines_defaults(personas, deal):
    tile = product_create(
        actor=personas.admin,
        data={
            "name": "抛光砖 800×800",
            "category": "主材",
            "unit": "㎡",
            "unit_price": "89.5",
            "tax_rate": "13",
        },
    )
    quote = _quote(personas, deal, lines=[{"product": tile.pk, "quantity": "10"}])
    line = quote.versions.get().lines.get()
    assert (line.description, line.unit, line.unit_price, line.tax_rate, line.total) == (
        "抛光砖 800×800",
        "㎡",
        Decimal("89.50"),
        Decimal("13.00"),
        Decimal("1011.35"),
    )
    with pytest.raises(ValidationFailed):
        product_create(actor=personas.admin, data={"name": "抛光砖 800×800", "unit": "㎡"})
    assert Product.objects.count() == 1


def test_a_sent_version_is_frozen_and_a_new_one_starts_as_its_copy(personas, deal):
    quote = _quote(personas, deal)
    v1 = quote.versions.get()
    with pytest.raises(ServiceError) as refused:
        quote_version_new(actor=personas.sales1, quote=quote)
    assert refused.value.code == "draft_exists"
    quote_version_mark(actor=personas.sales1, quote=quote, number=1, status="sent", version=v1.version)
    with pytest.raises(ServiceError) as refused:
        quote_version_save(actor=personas.sales1, quote=quote, number=1, data={"lines": LINES[:1]}, version=2)
    assert refused.value.code == "frozen"
    v2 = quote_version_new(actor=personas.sales1, quote=quote)
    assert v2.number == 2 and v2.total == v1.total and v2.lines.count() == 2
    changed = [
        dict(LINES[0], quantity="40"),
        {"description": "软装搭配", "quantity": "1", "unit_price": "5000"},
    ]
    quote_version_save(
        actor=personas.sales1, quote=quote, number=2, data={"lines": changed}, version=v2.version
    )
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert v1.total == Decimal("23282.40")  # the sent version did not move
    kinds = {(c.kind, c.description) for c in versions_diff(v1, v2)}
    assert kinds == {("changed", "客厅地面铺贴"), ("added", "软装搭配"), ("removed", "水电改造")}
    quote_version_mark(actor=personas.sales1, quote=quote, number=2, status="sent", version=v2.version)
    v1.refresh_from_db()
    assert v1.status == "superseded"
    accepted = quote_version_mark(actor=personas.sales1, quote=quote, number=2, status="accepted", version=3)
    assert accepted.accepted_at is not None
    with pytest.raises(ServiceError):
        quote_version_mark(actor=personas.sales1, quote=quote, number=2, status="sent", version=4)
    with pytest.raises(ServiceError):
        quote_delete(actor=personas.sales1, quote=quote)  # a sent quote is kept


def test_a_stale_save_is_refused_and_the_first_kept(personas, deal):
    quote = _quote(personas, deal)
    quote_version_save(actor=personas.sales1, quote=quote, number=1, data={"terms": "先改的"}, version=1)
    with pytest.raises(Conflict):
        quote_version_save(actor=personas.sales1, quote=quote, number=1, data={"terms": "后改的"}, version=1)
    assert quote.versions.get().terms == "先改的"


def test_quotes_follow_their_deals_scope(personas, customers, pipeline, deal, client_as):
    quote = _quote(personas, deal)
    with pytest.raises(NotFound):
        quote_version_save(actor=personas.sales2, quote=quote, number=1, data={"terms": "x"}, version=1)
    theirs = deal_create(
        actor=personas.sales2,
        data={"title": "别墅", "customer": customers["sales2"].pk, "pipeline": pipeline.pk},
    )
    with pytest.raises(NotFound):
        quote_create(actor=personas.sales1, deal=theirs, data={"lines": LINES})
    for who, status in (("sales1", 200), ("sales2", 404), ("outsider", 404), ("manager", 200)):
        assert client_as(who).get(reverse("sales:quote_detail", args=[quote.pk])).status_code == status, who
        pdf = client_as(who).get(reverse("sales:quote_version_pdf", args=[quote.pk, 1]))
        assert pdf.status_code == status, who


def test_the_pages_create_edit_and_print_a_quote(client_as, personas, deal):
    client = client_as("sales1")
    url = reverse("sales:quote_new", args=[deal.pk])
    assert (
        'data-testid="new-quote"' in client.get(reverse("sales:deal_detail", args=[deal.pk])).content.decode()
    )
    form = {
        "title": "全屋装修报价",
        "valid_until": "2027-01-31",
        "terms": "付款方式：开工30%，水电验收40%，竣工25%，质保5%",
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "0",
        "lines-0-description": "客厅地面铺贴",
        "lines-0-unit": "㎡",
        "lines-0-quantity": "35.5",
        "lines-0-unit_price": "120",
        "lines-0-tax_rate": "9",
        "lines-1-description": "水电改造",
        "lines-1-quantity": "-2",
        "lines-1-unit_price": "18000",
    }
    refused = client.post(url, form)
    page = refused.content.decode()
    assert refused.status_code == 400 and "必须大于 0" in page and 'value="客厅地面铺贴"' in page
    assert not QuoteVersion.objects.exists()
    form["lines-1-quantity"] = "1"
    created = client.post(url, form)
    assert created.status_code == 302
    version = QuoteVersion.objects.get()
    assert version.total == Decimal("22643.40")
    detail = client.get(created["Location"]).content.decode()
    assert "贰万贰仟陆佰肆拾叁元肆角整" in detail and "¥22,643.40" in detail
    pdf = client.get(reverse("sales:quote_version_pdf", args=[version.quote_id, 1]))
    assert (
        pdf.status_code == 200
        and pdf["Content-Type"] == "application/pdf"
        and pdf.content.startswith(b"%PDF")
    )
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is needed to read the PDF back: .ci/run installs it")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf.content, capture_output=True, check=True
    ).stdout.decode()
    for expected in (
        "报价单",
        "客厅地面铺贴",
        "水电改造",
        "¥22,643.40",
        "贰万贰仟陆佰肆拾叁元肆角整",
        "华景家园张先生",
        version.quote.number,
    ):
        assert expected in text, expected


def test_the_deals_timeline_tells_of_its_quotes(client_as, personas, deal):
    quote = _quote(personas, deal)
    quote_version_mark(actor=personas.sales1, quote=quote, number=1, status="sent", version=1)
    page = client_as("sales1").get(reverse("sales:deal_detail", args=[deal.pk])).content.decode()
    assert f"报价 {quote.number}" in page and "第 1 版" in page and "已发送" in page
