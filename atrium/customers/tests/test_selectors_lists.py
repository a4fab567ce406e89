"""List selectors, filters, duplicate hints and the timeline, per persona."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from atrium.accounts.models import Department
from atrium.core.errors import NotFound, ValidationFailed
from atrium.customers.selectors import customer_timeline, duplicate_hints
from atrium.customers.services import customer_create, customer_update, followup_create
from atrium.lists.query import parse_list_query
from atrium.lists.selectors import count_label, list_page, list_queryset

pytestmark = pytest.mark.django_db


def make(actor, name, **data):
    return customer_create(actor=actor, data={"name": name, **data}, force=True)


def names(user, list_key="customers", **params):
    return {c.name for c in list_queryset(user, parse_list_query(list_key, params))}


def test_scopes_and_filters(personas):
    make(personas.sales1, "甲", level="A", tags=["VIP"])
    make(personas.sales2, "乙", level="B")
    make(personas.admin, "公海", owner=None)
    assert names(personas.sales1) == {"甲"}
    assert names(personas.manager) == {"甲", "乙"}
    assert names(personas.manager, level="B") == {"乙"}
    assert names(personas.manager, tag="VIP") == {"甲"}
    sales_one = Department.objects.get(name="销售一部")
    assert names(personas.manager, department=str(sales_one.pk)) == {"甲"}
    assert names(personas.sales1, "pool") == {"公海"}
    today = timezone.localdate()
    assert names(personas.manager, created_from=today.isoformat()) == {"甲", "乙"}
    assert names(personas.manager, created_to=(today - datetime.timedelta(days=1)).isoformat()) == set()


def test_bad_list_parameters_name_the_field():
    with pytest.raises(ValidationFailed) as caught:
        parse_list_query(
            "customers", {"owner": "abc", "sort": "password", "created_from": "2024-13-01", "level": "Z"}
        )
    assert set(caught.value.fields) == {"owner", "sort", "created_from", "level"}
    query = parse_list_query("leads", {"status": "new", "sort": "-name", "q": " 周 "})
    assert query.to_params() == {"q": "周", "status": "new", "sort": "-name"}


def test_sorting_by_a_nullable_column_pages_through_everything(personas):
    now = timezone.now()
    for index in range(7):
        customer = make(personas.sales1, f"客户{index}")
        if index % 2:
            customer_update(actor=personas.sales1, customer=customer, data={}, version=1)
            customer.__class__.objects.filter(pk=customer.pk).update(
                last_followup_at=now - datetime.timedelta(days=index)
            )
    query = parse_list_query("customers", {"sort": "-last_followup_at"})
    seen, cursor = [], None
    while True:
        page = list_page(personas.sales1, query, cursor, 2)
        seen += [c.name for c in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert len(seen) == 7 and len(set(seen)) == 7
    assert seen[:3] == ["客户1", "客户3", "客户5"]


def test_count_label_caps(personas):
    for index in range(4):
        make(personas.sales1, f"客户{index}")
    qs = list_queryset(personas.sales1, parse_list_query("customers", {}))
    assert count_label(qs) == "4" and count_label(qs, cap=3) == "3+"


def test_list_page_query_count_is_constant(personas, django_assert_max_num_queries):
    for index in range(35):
        make(personas.sales1 if index % 2 else personas.sales2, f"客户{index}")
    query = parse_list_query("customers", {})
    list_page(personas.manager, query, None, 50)
    with django_assert_max_num_queries(3):
        page = list_page(personas.manager, query, None, 50)
        assert {c.owner.name for c in page.items} == {"李明", "张华"}
    contacts = parse_list_query("contacts", {})
    with django_assert_max_num_queries(3):
        list(list_page(personas.manager, contacts, None, 50).items)


def test_duplicate_hints_hide_what_the_user_cannot_see(personas):
    make(personas.sales2, "万科物业")
    (hint,) = duplicate_hints(personas.sales1, name="万科物业")
    assert (hint.customer_id, hint.name, hint.owner_name) == (None, None, "张华")
    assert "张华" in hint.message
    (seen,) = duplicate_hints(personas.manager, name="万科物业")
    assert seen.name == "万科物业"


def test_timeline_is_scoped_and_pages_newest_first(personas):
    customer = make(personas.sales1, "华府")
    customer_update(actor=personas.sales1, customer=customer, data={"level": "A"}, version=1)
    for day in range(3):
        followup_create(
            actor=personas.sales1,
            data={
                "customer": customer.pk,
                "content": f"第{day}次",
                "happened_at": timezone.now() - datetime.timedelta(days=day + 1),
            },
        )
    first = customer_timeline(personas.sales1, customer.pk, None, 3)
    assert [e.source for e in first.items] == ["log", "log", "followup"]
    second = customer_timeline(personas.sales1, customer.pk, first.next_cursor, 3)
    assert [e.followup.content for e in second.items] == ["第1次", "第2次"] and second.next_cursor is None
    with pytest.raises(NotFound):
        customer_timeline(personas.sales2, customer.pk)
    with pytest.raises(NotFound):
        customer_timeline(personas.outsider, customer.pk)
