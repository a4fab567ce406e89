"""Search registrations of customers, contacts and leads: what each finds, on the database in use."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atrium.core.access import visible
from atrium.core.search import rebuild_index, reindex, search_everything, search_filter, unindex
from atrium.customers.models import Contact, Customer, Lead

pytestmark = pytest.mark.django_db

NAME = "杭州西湖区鑫泰装饰工程有限公司"
PHONE = "13905718866"


@pytest.fixture
def customer(personas):
    record = Customer.objects.create(
        name=NAME,
        short_name="鑫泰",
        phone=PHONE,
        email="Wang.Li@XinTai-Deco.example",
        address="杭州市西湖区文三路 88 号",
        tags=["工装", "VIP客户"],
        owner=personas.sales1,
    )
    other = Customer.objects.create(name="宁波海曙建材", phone="13600000000", owner=personas.sales2)
    reindex("customer", [record.pk, other.pk])
    return record


def _customers(text: str) -> set[int]:
    return set(Customer.objects.filter(search_filter("customer", text)).values_list("pk", flat=True))


@pytest.mark.parametrize("text", ["鑫", "装", "西湖", "鑫泰", "装饰工程", "有限公司", NAME, "文三路", "88"])
def test_customer_found_by_chinese_of_any_length_and_address(customer, text):
    assert customer.pk in _customers(text)


@pytest.mark.parametrize("text", ["8866", "0571", "139", PHONE, "139 0571 8866"])
def test_customer_found_by_phone_fragments(customer, text):
    assert _customers(text) == {customer.pk}


@pytest.mark.parametrize(
    "text", ["wang", "Wang.Li", "xintai", "xintai-deco.example", "wang.li@xintai-deco.example"]
)
def test_customer_found_by_email_parts_in_any_case(customer, text):
    assert _customers(text) == {customer.pk}


@pytest.mark.parametrize("text", ["工装", "vip", "VIP客户", "客户"])
def test_customer_found_by_tags(customer, text):
    assert customer.pk in _customers(text)


def test_words_that_are_not_there_find_nothing(customer):
    assert _customers("上海") == set()
    assert _customers("8867") == set()
    assert _customers("鑫泰 宁波") == set()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_substring_of_the_name_is_found_in_the_database(customer, data):
    start = data.draw(st.integers(0, len(NAME) - 1))
    end = data.draw(st.integers(start + 1, len(NAME)))
    assert customer.pk in _customers(NAME[start:end])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_phone_fragment_of_three_digits_is_found_in_the_database(customer, data):
    start = data.draw(st.integers(0, len(PHONE) - 3))
    end = data.draw(st.integers(start + 3, len(PHONE)))
    assert customer.pk in _customers(PHONE[start:end])


def test_archived_customers_are_not_in_the_index(customer):
    customer.is_archived = True
    customer.save()
    reindex("customer", [customer.pk])
    assert _customers("鑫泰") == set()
    assert rebuild_index("customer") == 1  # the other, not archived, customer


def test_contact_found_by_name_mobile_wechat_and_customer_name(customer):
    contact = Contact.objects.create(
        customer=customer, name="王丽", mobile="13712345678", wechat="wangli_wx", email="wl@example.com"
    )
    reindex("contact", [contact.pk])
    for text in ["王", "王丽", "5678", "wangli", "鑫泰装饰"]:
        found = set(Contact.objects.filter(search_filter("contact", text)).values_list("pk", flat=True))
        assert found == {contact.pk}, text
    Customer.objects.filter(pk=customer.pk).delete()
    unindex("customer", [customer.pk])
    assert not Contact.objects.filter(search_filter("contact", "王丽")).exists()


def test_lead_found_by_name_company_phone_and_address(personas):
    lead = Lead.objects.create(
        name="赵先生",
        company="滨江置业",
        phone="18655443322",
        address="滨江区江南大道",
        owner=personas.sales1,
    )
    reindex("lead", [lead.pk])
    for text in ["赵", "赵先生", "置业", "3322", "江南大道"]:
        found = set(Lead.objects.filter(search_filter("lead", text)).values_list("pk", flat=True))
        assert found == {lead.pk}, text


def test_search_filter_combines_with_the_access_layer(customer, personas):
    both = Customer.objects.filter(search_filter("customer", "建材") | search_filter("customer", "鑫泰"))
    assert both.count() == 2
    for persona, expected in [("sales1", {customer.pk}), ("sales2", set()), ("manager", {customer.pk})]:
        scoped = visible(
            personas[persona], "customer", Customer.objects.filter(search_filter("customer", "鑫泰"))
        )
        assert set(scoped.values_list("pk", flat=True)) == expected, persona


def test_global_search_never_shows_other_peoples_customers(customer, personas):
    assert [hit.id for hit in search_everything(personas.sales2, "鑫泰")] == []
    assert [hit.title for hit in search_everything(personas.sales1, "鑫泰")] == [NAME]
    assert [hit.title for hit in search_everything(personas.outsider, "鑫泰")] == []


def test_pool_customers_are_found_by_people_who_may_browse_the_pool(personas):
    pooled = Customer.objects.create(name="公海里的客户", owner=None)
    reindex("customer", [pooled.pk])
    assert [hit.id for hit in search_everything(personas.sales2, "公海", ["customer"])] == [pooled.pk]
    assert search_everything(personas.outsider, "公海", ["customer"]) == []
