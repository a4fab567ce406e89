"""Customers, contacts and leads are found by the pinyin of their names: full, initials, prefixes, mixed with
characters, polyphonic readings; pinyin matches rank after direct ones. On the database in use (both in CI)."""

from __future__ import annotations

import pytest
from django.db import connection

from atrium.core.search import rebuild_index, reindex, search_everything, search_filter, unindex
from atrium.core.search.registry import index_table
from atrium.customers.models import Contact, Customer, Lead

pytestmark = pytest.mark.django_db


@pytest.fixture
def zhucheng(personas):
    record = Customer.objects.create(name="筑城装饰", phone="13900001111", owner=personas.sales1)
    long_name = Customer.objects.create(name="上海筑城装饰工程有限公司", owner=personas.sales1)
    other = Customer.objects.create(name="宁波海曙建材", owner=personas.sales1)
    reindex("customer", [record.pk, long_name.pk, other.pk])
    return record, long_name, other


def _customers(text: str) -> set[int]:
    return set(Customer.objects.filter(search_filter("customer", text)).values_list("pk", flat=True))


@pytest.mark.parametrize("text", ["zhucheng", "ZhuCheng", "zhuchengzhuangshi", "zhu cheng", "chengzhuang"])
def test_found_by_full_pinyin_in_any_case_and_from_any_character(zhucheng, text):
    record, long_name, _other = zhucheng
    assert _customers(text) == {record.pk, long_name.pk}


@pytest.mark.parametrize("text", ["zc", "ZC", "zczs", "czs", "shzc"])
def test_found_by_initials(zhucheng, text):
    record, long_name, _other = zhucheng
    assert _customers(text) >= ({long_name.pk} if text == "shzc" else {record.pk, long_name.pk})
    assert zhucheng[2].pk not in _customers(text)


@pytest.mark.parametrize("text", ["zhuch", "zhuchengzh", "zh", "zhuchengzhuangsh"])
def test_prefixes_of_full_pinyin_find_the_name(zhucheng, text):
    assert zhucheng[0].pk in _customers(text)


@pytest.mark.parametrize("text", ["筑c", "筑cheng", "筑城z", "筑城zs", "筑城zhuang", "城zhuang"])
def test_characters_mixed_with_pinyin_or_initials(zhucheng, text):
    record, long_name, _other = zhucheng
    assert _customers(text) == {record.pk, long_name.pk}


def test_mixed_input_still_needs_its_characters_and_its_letters_in_order(zhucheng):
    assert _customers("筑x") == set()  # 城 is cheng, not x…
    assert _customers("海c") == set()  # 宁波海曙 has 海 but no c after it
    assert _customers("宁b") == {zhucheng[2].pk}


def test_wrong_pinyin_finds_nothing(zhucheng):
    assert _customers("zhuchang") == set()
    assert _customers("zcx") == set()
    assert _customers("chengzhuangx") == set()
    assert _customers("zhuangcheng") == set()


def test_a_word_typed_as_is_in_the_text_still_matches_directly(personas):
    record = Customer.objects.create(name="张三abc工作室", email="zhang3@example.com", owner=personas.sales1)
    reindex("customer", [record.pk])
    assert _customers("张三abc") == {record.pk}  # as typed (the pinyin would be zhangsanabc)
    assert _customers("zhangsan") == {record.pk}
    assert _customers("zsabc") == set()  # initials run into letters only when they are pinyin of characters


def test_polyphonic_characters_are_found_by_their_readings(personas):
    names = {
        "重庆长安银行": ["chongqing", "cq", "yinhang", "changan", "zhangan", "cqca"],
        "单田芳": ["dantianfang", "shantianfang", "stf", "dtf"],
        "乐行科技": ["lexing", "yuehang", "lxkj", "yhkj"],
    }
    records = {name: Customer.objects.create(name=name, owner=personas.sales1) for name in names}
    reindex("customer", [record.pk for record in records.values()])
    for name, queries in names.items():
        for text in queries:
            assert records[name].pk in _customers(text), (name, text)


def test_pinyin_words_are_bounded_per_record(personas):
    record = Customer.objects.create(name="重长乐行单查朝" * 4, owner=personas.sales1)
    reindex("customer", [record.pk])
    from atrium.core.search.tokens import document_tokens

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT body FROM {index_table('customer')} WHERE id = %s", [record.pk])
        (body,) = cursor.fetchone()
    words = [token for token in document_tokens(body) if token.isascii()]
    assert len(words) <= 2 * 9 * 28  # full + initials, at most 3 × 3 readings at each of 28 characters
    assert max(len(word) for word in words) <= 20


def test_pinyin_matches_rank_after_direct_matches(personas):
    pinyin_only = Customer.objects.create(name="筑城装饰", owner=personas.sales1)
    direct = Customer.objects.create(name="ZC空间设计", owner=personas.sales1)
    inside = Customer.objects.create(name="新zc工作室", owner=personas.sales1)
    pinyin_inside = Customer.objects.create(name="上海筑城", owner=personas.sales1)
    elsewhere = Customer.objects.create(name="宁波海曙", email="zc@example.com", owner=personas.sales1)
    reindex("customer", [r.pk for r in (pinyin_only, direct, inside, pinyin_inside, elsewhere)])
    hits = [hit.id for hit in search_everything(personas.sales1, "zc", kinds=["customer"], limit=10)]
    assert hits == [direct.pk, inside.pk, pinyin_only.pk, pinyin_inside.pk, elsewhere.pk]
    hits = [hit.id for hit in search_everything(personas.sales1, "筑c", kinds=["customer"], limit=10)]
    assert hits == [pinyin_only.pk, pinyin_inside.pk]


def test_contacts_and_leads_are_found_by_pinyin_too(personas):
    customer = Customer.objects.create(name="宁波海曙建材", owner=personas.sales1)
    contact = Contact.objects.create(name="王晓明", customer=customer)
    lead = Lead.objects.create(name="李春华", owner=personas.sales1)
    reindex("customer", [customer.pk])
    reindex("lead", [lead.pk])
    found = {(hit.kind, hit.id) for hit in search_everything(personas.sales1, "wxm")}
    assert ("contact", contact.pk) in found
    found = {(hit.kind, hit.id) for hit in search_everything(personas.sales1, "lichun")}
    assert ("lead", lead.pk) in found
    assert Contact.objects.filter(search_filter("contact", "wangxiao")).get() == contact


def test_other_fields_are_not_read_as_pinyin(personas):
    record = Customer.objects.create(name="宁波海曙", address="筑城路 8 号", owner=personas.sales1)
    reindex("customer", [record.pk])
    assert _customers("筑城") == {record.pk}
    assert _customers("zhucheng") == set()


def test_entries_with_pinyin_are_deleted_and_rebuilt_cleanly(zhucheng):
    record, long_name, other = zhucheng
    record.name = "宁波建材"
    record.save()
    reindex("customer", [record.pk])
    assert _customers("zhucheng") == {long_name.pk}
    assert record.pk in _customers("nbjc")
    unindex("customer", [long_name.pk])
    assert _customers("zhucheng") == set()
    assert rebuild_index("customer") == 3
    assert _customers("zhucheng") == {long_name.pk}
    assert _customers("nb") == {record.pk, other.pk}


def test_a_value_cannot_forge_a_pinyin_line(personas):
    record = Customer.objects.create(name="宁波\x1fzhu-cheng", owner=personas.sales1)
    reindex("customer", [record.pk])
    assert _customers("zhucheng") == set()
    assert _customers("nb") == {record.pk}


def test_the_migration_rebuilds_entries_written_before_pinyin(personas):
    import importlib

    from django.db.migrations.loader import MigrationLoader

    from atrium.core.search import storage

    record = Customer.objects.create(name="筑城装饰", owner=personas.sales1)
    # an entry as the index held it before: no pinyin line
    storage.write_entries(connection, index_table("customer"), {record.pk: "筑城装饰"})
    assert _customers("zhucheng") == set()
    migration = importlib.import_module("atrium.customers.migrations.0009_search_by_pinyin")
    state = MigrationLoader(connection).project_state(("customers", "0009_search_by_pinyin"))
    migration.rebuild(state.apps, None)
    assert _customers("zhucheng") == {record.pk}
    assert _customers("筑城") == {record.pk}
