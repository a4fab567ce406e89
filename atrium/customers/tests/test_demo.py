"""The demo customers: seeded through the services on an empty database, spread over sales1, sales2 and the
pool, dated into the past, idempotent, and scoped like any other customers."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from atrium.accounts.demo import seed_people
from atrium.core.access import visible
from atrium.core.models import OperationLog
from atrium.customers.demo import seed_customers
from atrium.customers.demo_custom_fields import fill_custom_values, seed_custom_fields
from atrium.customers.models import Contact, Customer, FollowUp, Lead
from atrium.fields.models import FieldDefinition
from atrium.lists.query import parse_list_query
from atrium.lists.selectors import list_queryset

pytestmark = pytest.mark.django_db


def test_demo_customers_are_spread_dated_idempotent_and_scoped():
    users = seed_people()
    sales1, sales2 = users["sales1"], users["sales2"]
    seed_customers()

    customers = Customer.objects.all()
    total = customers.count()
    assert 180 <= total <= 220
    by_owner = {
        "sales1": customers.filter(owner=sales1).count(),
        "sales2": customers.filter(owner=sales2).count(),
        "pool": customers.filter(owner__isnull=True).count(),
    }
    assert sum(by_owner.values()) == total  # nobody else owns demo customers
    assert min(by_owner["sales1"], by_owner["sales2"]) > total // 4
    assert total // 10 < by_owner["pool"] < total // 3
    assert customers.filter(type="person").count() > 80  # 家装 households
    assert customers.filter(type="company").count() > 50  # 工装 companies
    assert customers.filter(owner__isnull=True, previous_owner__isnull=False).count() == by_owner["pool"]

    # 1–3 contacts each (converted leads bring one), leads in every status, follow-ups over the months.
    for customer in customers.filter(source_leads__isnull=True):
        assert 1 <= customer.contacts.count() <= 3
    assert set(Lead.objects.values_list("status", flat=True)) == {"new", "following", "converted", "invalid"}
    assert 35 <= Lead.objects.count() <= 45
    now = timezone.now()
    followups = FollowUp.objects.all()
    assert followups.count() > 300
    assert followups.filter(happened_at__lt=now - datetime.timedelta(days=90)).exists()
    assert followups.filter(happened_at__gt=now - datetime.timedelta(days=7)).exists()
    assert not followups.filter(happened_at__gt=now).exists()
    coming = customers.filter(
        next_followup_at__gt=now, next_followup_at__lt=now + datetime.timedelta(days=11)
    )
    assert coming.count() >= 10
    assert customers.filter(created_at__lt=now - datetime.timedelta(days=60)).count() > total // 3

    # Written through the services: audit rows and search index.
    assert OperationLog.objects.filter(kind="customer", action="create").count() == total
    assert OperationLog.objects.filter(kind="contact", action="create").count() >= Contact.objects.count() - 8
    from atrium.core.search import search_filter

    household = customers.filter(type="person").order_by("id").first()
    assert (
        customers.filter(search_filter("customer", household.address[-8:])).filter(pk=household.pk).exists()
    )

    # Idempotent: a second run adds nothing.
    counts = (total, Contact.objects.count(), Lead.objects.count(), followups.count())
    seed_customers()
    assert (
        Customer.objects.count(),
        Contact.objects.count(),
        Lead.objects.count(),
        FollowUp.objects.count(),
    ) == counts

    # sales1 sees only theirs (plus the pool, which sales reps may browse), never sales2's.
    seen = visible(sales1, "customer", Customer.objects.all())
    assert not seen.filter(owner=sales2).exists()
    assert seen.filter(owner=sales1).count() == by_owner["sales1"]
    listed = list_queryset(sales1, parse_list_query("customers", {}))
    assert set(listed.values_list("owner_id", flat=True)) == {sales1.pk}
    assert listed.count() == by_owner["sales1"]


def test_demo_customers_need_the_demo_people():
    seed_customers()
    assert not Customer.objects.exists()


def test_demo_ids_follow_the_creation_times_as_the_lists_expect():
    """Lists sort "newest first" by id (it follows creation): the back-dated demo must keep to that."""
    seed_people()
    seed_customers()
    for model in (Customer, Lead):
        times = list(model.objects.order_by("pk").values_list("created_at", flat=True))
        assert times == sorted(times), model.__name__


def test_demo_customers_have_the_demo_custom_fields_filled():
    seed_people()
    seed_custom_fields()
    seed_customers()  # the required 预算 does not block the seeder (it sends no custom values)
    fill_custom_values()
    labels = list(FieldDefinition.objects.filter(kind="customer").values_list("label", flat=True))
    assert labels == ["预算", "装修风格", "房屋面积", "意向等级"]
    customers = Customer.objects.all()
    assert customers.exists()
    assert all(
        set(c.custom) == {"yusuan", "zhuangxiufengge", "fangwumianji", "yixiangdengji"} for c in customers
    )
    seed_custom_fields()  # idempotent
    assert FieldDefinition.objects.count() == 4
