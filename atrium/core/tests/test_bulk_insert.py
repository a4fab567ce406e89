"""insert_rows writes what bulk_create would (defaults, auto times, JSON, dates, foreign keys) and gives the
new ids in order, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from atrium.core.bulk_insert import insert_rows
from atrium.core.models import OperationLog
from atrium.customers.models import Contact, Customer
from atrium.testing.models import Memo

pytestmark = pytest.mark.django_db


def test_ids_come_back_in_order_and_rows_hold_the_given_values(personas):
    with transaction.atomic():
        ids = insert_rows(Memo, ["title", "owner"], [(f"备忘{i}", personas.sales1.pk) for i in range(7)])
    assert ids == sorted(ids) and len(set(ids)) == 7
    memos = Memo.objects.in_bulk(ids)
    assert [memos[pk].title for pk in ids] == [f"备忘{i}" for i in range(7)]
    assert {memo.owner_id for memo in memos.values()} == {personas.sales1.pk}
    assert {memo.version for memo in memos.values()} == {1}  # the field's default


def test_json_datetimes_and_defaults_round_trip(personas):
    before = timezone.now()
    with transaction.atomic():
        (pk,) = insert_rows(
            OperationLog,
            ["actor", "actor_name", "ip", "action", "kind", "object_id", "changes"],
            [(personas.admin.pk, "admin", "10.0.0.8", "create", "customer", "42", {"名称": [None, "华府"]})],
        )
        (customer_id,) = insert_rows(
            Customer,
            ["name", "tags", "owner", "last_followup_at"],
            [("华府", ["别墅", "加急"], None, before)],
        )
        insert_rows(
            Contact, ["customer", "name", "birthday"], [(customer_id, "张先生", datetime.date(1980, 2, 29))]
        )
    log = OperationLog.objects.get(pk=pk)
    assert log.changes == {"名称": [None, "华府"]} and log.ip == "10.0.0.8"
    assert log.created_at >= before - datetime.timedelta(seconds=1)  # auto_now_add is filled
    customer = Customer.objects.get(pk=customer_id)
    assert customer.tags == ["别墅", "加急"] and customer.custom == {} and customer.is_archived is False
    assert customer.last_followup_at == before
    assert customer.created_at is not None and customer.updated_at is not None
    assert Contact.objects.get(customer_id=customer_id).birthday == datetime.date(1980, 2, 29)


def test_ids_of_deleted_rows_are_not_given_again(personas):
    first = Memo.objects.create(title="a", owner=personas.sales1)
    last = Memo.objects.create(title="b", owner=personas.sales1)
    deleted_pk = last.pk
    last.delete()
    with transaction.atomic():
        (pk,) = insert_rows(Memo, ["title", "owner"], [("c", personas.sales1.pk)])
    assert pk > deleted_pk > first.pk
    assert Memo.objects.create(title="d", owner=personas.sales1).pk > pk  # the sequence moved on too


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_refuses_to_run_outside_a_transaction(personas):
    with pytest.raises(transaction.TransactionManagementError):
        insert_rows(Memo, ["title", "owner"], [("x", personas.sales1.pk)])
    assert not Memo.objects.exists()


def test_instances_get_their_ids_and_automatic_times(personas):
    from atrium.core.bulk_insert import insert_instances

    customer = Customer.objects.create(name="锦绣华庭", owner=personas.sales1)
    contacts = [Contact(customer=customer, name=f"联系人{n}", is_primary=n == 0) for n in range(3)]
    with transaction.atomic():
        insert_instances(contacts)
    assert all(contact.pk for contact in contacts)
    stored = Contact.objects.in_bulk([contact.pk for contact in contacts])
    assert [stored[c.pk].name for c in contacts] == ["联系人0", "联系人1", "联系人2"]
    assert [stored[c.pk].is_primary for c in contacts] == [True, False, False]
    assert all(stored[c.pk].created_at and stored[c.pk].version == 1 for c in contacts)


def test_appended_rows_take_ids_from_the_table_and_may_come_from_a_generator(personas):
    from atrium.core.bulk_insert import append_rows

    before = Memo.objects.create(title="before", owner=personas.sales1)
    with transaction.atomic():
        count = append_rows(Memo, ["title", "owner"], ((f"追加{i}", personas.sales1.pk) for i in range(1200)))
    after = Memo.objects.create(title="after", owner=personas.sales1)
    assert count == 1200
    added = list(Memo.objects.filter(pk__gt=before.pk, pk__lt=after.pk).order_by("pk"))
    assert [memo.title for memo in added] == [f"追加{i}" for i in range(1200)]
    assert {memo.version for memo in added} == {1}


def test_nothing_to_append_writes_nothing(personas):
    from atrium.core.bulk_insert import append_rows

    with transaction.atomic():
        assert append_rows(Memo, ["title", "owner"], iter(())) == 0
    assert not Memo.objects.exists()


def test_text_that_needs_escaping_round_trips(personas):
    """COPY's text format escapes tabs, newlines and backslashes; JSON goes as text."""
    title = "制表\t换行\n反斜杠\\N 结尾\\"
    with transaction.atomic():
        (pk,) = insert_rows(Memo, ["title", "owner"], [(title, personas.sales1.pk)])
        (log_pk,) = insert_rows(OperationLog, ["action", "kind", "changes"], [("x", "memo", {"a": "\t\\"})])
    assert Memo.objects.get(pk=pk).title == title
    assert OperationLog.objects.get(pk=log_pk).changes == {"a": "\t\\"}
