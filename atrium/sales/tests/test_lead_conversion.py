"""Converting a lead can create a deal in a chosen pipeline, in the same transaction: a refused deal (a bad
amount) leaves the lead unconverted and no customer behind."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from atrium.core.errors import ValidationFailed
from atrium.customers.models import Customer, Lead
from atrium.customers.services import lead_convert, lead_create
from atrium.sales.models import Deal

pytestmark = pytest.mark.django_db


def _lead(personas):
    return lead_create(
        actor=personas.sales1, data={"name": "周先生", "company": "周氏茶楼", "source": "展会"}
    )


def test_the_lead_page_converts_into_a_customer_and_a_deal(client_as, personas, pipeline):
    lead = _lead(personas)
    client = client_as("sales1")
    page = client.get(reverse("customers:lead_detail", args=[lead.pk])).content.decode()
    assert 'data-testid="conversion-deal"' in page and pipeline.name in page
    answer = client.post(
        reverse("customers:lead_convert", args=[lead.pk]),
        {"deal-pipeline": pipeline.pk, "deal-title": "茶楼装修", "deal-amount": "260000"},
    )
    assert answer.status_code == 302
    deal = Deal.objects.get()
    lead.refresh_from_db()
    assert deal.customer_id == lead.converted_customer_id and deal.title == "茶楼装修"
    assert deal.amount == Decimal("260000.00") and deal.source == "展会" and deal.owner == personas.sales1
    assert list(deal.contacts.all()) == [lead.converted_contact]


def test_a_refused_deal_leaves_nothing_converted(personas, pipeline):
    lead = _lead(personas)
    with pytest.raises(ValidationFailed) as refused:
        lead_convert(
            actor=personas.sales1, lead=lead, data={"deal": {"pipeline": pipeline.pk, "amount": "-5"}}
        )
    assert "deal.amount" in refused.value.fields
    assert Lead.objects.get(pk=lead.pk).status != "converted"
    assert not Customer.objects.exists() and not Deal.objects.exists()


def test_without_a_pipeline_no_deal_is_made(client_as, personas):
    lead = _lead(personas)
    client_as("sales1").post(reverse("customers:lead_convert", args=[lead.pk]), {"deal-pipeline": ""})
    assert Customer.objects.count() == 1 and not Deal.objects.exists()


def test_the_api_converts_with_a_deal(api_as, personas, pipeline):
    lead = _lead(personas)
    answer = api_as("sales1").post(
        f"/api/v1/leads/{lead.pk}/convert",
        {"deal": {"pipeline": pipeline.pk, "amount": "1000"}},
        content_type="application/json",
    )
    assert answer.status_code == 200
    deal = Deal.objects.get()
    assert deal.customer_id == answer.json()["customer"]["id"] and deal.title == "周氏茶楼"
