"""The index mechanism on the database in use: reindex, unindex, rebuild_index, query edge cases."""

from __future__ import annotations

import pytest
from django.db.models import Q

from atrium.core.search import rebuild_index, reindex, search_filter, storage, unindex
from atrium.customers.models import Contact, Customer

pytestmark = pytest.mark.django_db


def _customer(name: str, **fields) -> Customer:
    customer = Customer.objects.create(name=name, **fields)
    reindex("customer", [customer.pk])
    return customer


def _found(text: str, kind: str = "customer") -> set[int]:
    model = Contact if kind == "contact" else Customer
    return set(model.objects.filter(search_filter(kind, text)).values_list("pk", flat=True))


def test_reindex_picks_up_changes_and_drops_old_text():
    customer = _customer("老名字装饰")
    customer.name = "新名字建材"
    customer.save()
    reindex("customer", [customer.pk])
    assert _found("新名字") == {customer.pk}
    assert _found("老名字") == set()


def test_reindex_is_idempotent():
    customer = _customer("重复索引")
    reindex("customer", [customer.pk, customer.pk])
    reindex("customer", [customer.pk])
    assert _found("索引") == {customer.pk}
    unindex("customer", [customer.pk])
    assert _found("索引") == set()


def test_unindex_removes_entries_and_ignores_unknown_ids():
    kept, gone = _customer("保留客户"), _customer("删除客户")
    unindex("customer", [gone.pk, 999_999])
    assert _found("客户") == {kept.pk}


def test_reindex_of_a_record_that_no_longer_belongs_drops_it():
    customer = _customer("归档客户")
    customer.is_archived = True
    customer.save()
    reindex("customer", [customer.pk])
    assert _found("归档") == set()
    Customer.objects.filter(pk=customer.pk).delete()
    reindex("customer", [customer.pk])  # a deleted record: no error, no entry
    assert _found("归档") == set()


def test_rebuild_index_indexes_everything_written_without_the_index():
    rows = Customer.objects.bulk_create([Customer(name=f"批量客户{index}号") for index in range(12)])
    Customer.objects.create(name="批量归档", is_archived=True)
    assert _found("批量") == set()
    assert rebuild_index("customer", batch_size=5) == 12
    assert _found("批量") == {row.pk for row in rows}
    assert rebuild_index("customer", batch_size=5) == 12  # again: same result, nothing doubled
    assert _found("批量客户11") == {rows[11].pk}


def test_empty_and_punctuation_only_queries_filter_nothing():
    _customer("任意客户")
    assert search_filter("customer", "") == Q()
    assert search_filter("customer", "   ") == Q()
    assert search_filter("customer", "*") == Q()


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "*",
        "OR",
        "AND",
        "NOT",
        "NEAR",
        "NEAR(a b)",
        "-北",
        "北*",
        "'; DROP TABLE x; --",
        "%",
        "_",
        "\\",
        "a:b",
        "北&京|!",
        "''北''",
        "(",
        "^",
        "\x00",
        "😀",
    ],
)
def test_special_characters_never_fail(text):
    _customer("北京百分之百_装饰", email="a.b@example.com")
    assert isinstance(_found(text), set)


def test_like_wildcards_in_the_query_are_not_wildcards():
    target = _customer("百分50%折扣")
    _customer("百分505折扣")
    assert _found("50%") >= {target.pk}
    assert _found("百分50") == _found("百分 50")  # punctuation and spaces only separate pieces


def test_false_positives_of_the_tokens_are_removed_by_the_text_check():
    apart = _customer("北京 京市")  # has the pairs 北京 and 京市, not 北京市
    together = _customer("北京市")
    assert _found("北京市") == {together.pk}
    assert apart.pk in _found("北京")


def test_query_without_index_tokens_falls_back_to_the_newest_records():
    one = _customer("甲", email="x@example.com")
    two = _customer("乙", phone="13800001234")
    assert _found("x") == {one.pk}
    assert _found("12") == {two.pk}
    assert _found("q") == set()


def test_fallback_is_bounded_to_the_newest_window(monkeypatch):
    old = _customer("丙", email="k@example.com")
    new = _customer("丁", email="k@example.com")
    monkeypatch.setattr(storage, "FALLBACK_WINDOW", 1)
    assert _found("k") == {new.pk}
    assert old.pk in _found("k example")  # with an index token the whole index is searched


def test_several_pieces_must_all_match():
    both = _customer("上海装饰", phone="13912345678")
    _customer("上海建材", phone="13900000000")
    assert _found("上海 5678") == {both.pk}


def test_contacts_follow_their_customer_name():
    customer = _customer("旧公司名")
    contact = Contact.objects.create(customer=customer, name="王五", mobile="13700001111")
    reindex("contact", [contact.pk])
    assert _found("旧公司", "contact") == {contact.pk}
    customer.name = "新公司名"
    customer.save()
    reindex("customer", [customer.pk])
    assert _found("新公司", "contact") == {contact.pk}
    assert _found("旧公司", "contact") == set()


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(LookupError):
        search_filter("no_such_kind", "x")
