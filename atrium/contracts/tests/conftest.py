"""Fixtures of the contracts tests: a customer of each sales rep with a won deal (¥100,000, in the first
pipeline's 成交 stage), and a helper to make a signed contract with the usual four-instalment plan."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from atrium.contracts.services import contract_create
from atrium.customers.models import Contact, Customer
from atrium.sales.models import Pipeline
from atrium.sales.services import deal_create


@pytest.fixture
def customers(personas):
    made = {}
    for who, name in (("sales1", "华景家园张先生"), ("sales2", "锦绣花园钱女士")):
        customer = Customer.objects.create(name=name, owner=personas[who], owned_since=timezone.now())
        Contact.objects.create(customer=customer, name=name[-3:], is_primary=True, email=f"{who}@example.com")
        made[who] = customer
    return made


@pytest.fixture
def won_deals(personas, customers):
    pipeline = Pipeline.objects.order_by("position", "id").first()
    won = pipeline.stages.get(kind="won")
    return {
        who: deal_create(
            actor=personas[who],
            data={
                "title": f"{customers[who].name}全屋装修",
                "customer": customers[who].pk,
                "pipeline": pipeline.pk,
                "stage": won.pk,
                "amount": "100000",
            },
        )
        for who in ("sales1", "sales2")
    }


def usual_plan(start: datetime.date | None = None) -> list[dict[str, object]]:
    start = start or timezone.localdate()
    return [
        {"name": "开工款", "percent": "30", "due_on": start},
        {"name": "水电验收款", "percent": "40", "due_on": start + datetime.timedelta(days=30)},
        {"name": "竣工款", "percent": "25", "due_on": start + datetime.timedelta(days=60)},
        {"name": "质保金", "percent": "5", "due_on": start + datetime.timedelta(days=365)},
    ]


@pytest.fixture
def signed(personas, won_deals):
    """A signed contract of each sales rep's won deal (¥100,000 in four instalments from today)."""
    return {
        who: contract_create(
            actor=personas[who], data={"deal": deal.pk, "instalments": usual_plan(), "sign": True}
        )
        for who, deal in won_deals.items()
    }
