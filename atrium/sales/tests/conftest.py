"""Fixtures of the sales tests: a customer of each sales rep, and the installation's first pipeline."""

from __future__ import annotations

import pytest
from django.utils import timezone

from atrium.customers.models import Contact, Customer
from atrium.sales.models import Pipeline


@pytest.fixture
def customers(personas):
    made = {}
    for who, name in (("sales1", "华景家园张先生"), ("sales2", "锦绣花园钱女士")):
        customer = Customer.objects.create(name=name, owner=personas[who], owned_since=timezone.now())
        Contact.objects.create(customer=customer, name=name[-3:], is_primary=True)
        made[who] = customer
    return made


@pytest.fixture
def pipeline(db):
    return Pipeline.objects.order_by("position", "id").first()


@pytest.fixture
def stages(pipeline):
    return {stage.name: stage for stage in pipeline.stages.all()}
