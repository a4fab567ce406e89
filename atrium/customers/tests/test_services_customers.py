"""Services of customers, the pool and merging: audit rows, versions, duplicates, claim limits, transfers."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from atrium.core.errors import Conflict, Forbidden, NotFound, ServiceError, ValidationFailed
from atrium.core.models import OperationLog
from atrium.customers.models import Contact, Customer, CustomerTag, FollowUp, PoolSettings
from atrium.customers.services import (
    DuplicateFound,
    customer_claim,
    customer_create,
    customer_release,
    customer_update,
    customers_add_tags,
    customers_bulk_delete,
    customers_claim,
    customers_merge,
    customers_transfer,
    pool_return_stale,
    pool_settings_update,
)
from atrium.notifications.models import Notification

pytestmark = pytest.mark.django_db


def make(actor, name, **data):
    return customer_create(actor=actor, data={"name": name, **data}, force=True)


def test_create_cleans_fields_mirrors_tags_and_audits(personas):
    customer = customer_create(
        actor=personas.sales1,
        data={
            "name": "华府装饰",
            "phone": "138-0013-8000",
            "industry": "住宅家装",
            "tags": "VIP，老客户、VIP",
        },
    )
    assert customer.owner == personas.sales1 and customer.phone == "13800138000"
    assert customer.tags == ["VIP", "老客户"]
    assert set(CustomerTag.objects.filter(customer=customer).values_list("tag", flat=True)) == {
        "VIP",
        "老客户",
    }
    row = OperationLog.objects.get(kind="customer", object_id=str(customer.pk), action="create")
    assert row.changes["name"] == "华府装饰" and row.actor == personas.sales1


def test_create_refuses_bad_fields_and_saves_nothing(personas):
    with pytest.raises(ValidationFailed) as caught:
        customer_create(
            actor=personas.sales1,
            data={"name": " ", "industry": "造火箭", "level": "Z", "email": "x@", "tags": ["a" * 51]},
        )
    assert {"name", "industry", "level", "email", "tags"} <= set(caught.value.fields)
    assert Customer.objects.count() == 0


def test_duplicates_are_hinted_without_leaking_out_of_scope_names(personas):
    make(personas.sales2, "万科物业", phone="13900139000")
    with pytest.raises(DuplicateFound) as caught:
        customer_create(actor=personas.sales1, data={"name": "万科物业"})
    (hint,) = caught.value.hints
    assert hint.customer_id is None and hint.name is None and hint.owner_name == "张华"
    assert caught.value.code == "duplicate" and "张华" in caught.value.fields["name"][0]
    with pytest.raises(DuplicateFound) as by_phone:
        customer_create(actor=personas.manager, data={"name": "别的", "phone": "139 0013 9000"})
    assert by_phone.value.hints[0].name == "万科物业" and by_phone.value.hints[0].matched_on == "phone"
    assert Customer.objects.count() == 1
    customer_create(actor=personas.sales1, data={"name": "万科物业"}, force=True)
    assert Customer.objects.count() == 2


def test_an_edit_that_makes_a_duplicate_is_hinted_unless_forced(personas):
    make(personas.sales2, "万科物业", phone="13900139000")
    mine = make(personas.sales1, "万科", phone="13800138000")
    with pytest.raises(DuplicateFound) as caught:
        customer_update(actor=personas.sales1, customer=mine.pk, data={"name": "万科物业"}, version=1)
    (hint,) = caught.value.hints
    assert hint.name is None and hint.owner_name == "张华"  # out of sales1's scope: only who owns it
    with pytest.raises(DuplicateFound) as by_phone:
        customer_update(actor=personas.sales1, customer=mine.pk, data={"phone": "139-0013-9000"}, version=1)
    assert by_phone.value.hints[0].matched_on == "phone"
    assert Customer.objects.get(pk=mine.pk).name == "万科" and Customer.objects.get(pk=mine.pk).version == 1
    saved = customer_update(
        actor=personas.sales1, customer=mine.pk, data={"name": "万科物业"}, version=1, force=True
    )
    assert saved.name == "万科物业" and saved.version == 2
    # An old duplicate, or its own unchanged name and phone, does not block editing other fields.
    again = customer_update(
        actor=personas.sales1, customer=mine.pk, data={"name": "万科物业", "level": "A"}, version=2
    )
    assert again.level == "A"


def test_update_checks_version_and_scope(personas):
    customer = make(personas.sales1, "老王家")
    updated = customer_update(
        actor=personas.sales1, customer=customer.pk, data={"level": "A", "tags": ["急"]}, version=1
    )
    assert updated.version == 2 and list(CustomerTag.objects.values_list("tag", flat=True)) == ["急"]
    with pytest.raises(Conflict):
        customer_update(actor=personas.sales1, customer=customer.pk, data={"level": "B"}, version=1)
    assert Customer.objects.get(pk=customer.pk).level == "A"
    with pytest.raises(NotFound):
        customer_update(actor=personas.sales2, customer=customer.pk, data={"level": "B"}, version=2)
    row = OperationLog.objects.filter(kind="customer", action="update").get()
    assert row.changes["level"] == ["", "A"]


def test_bulk_tags_and_delete(personas):
    a, b = make(personas.sales1, "甲"), make(personas.sales1, "乙")
    other = make(personas.sales2, "丙")
    assert customers_add_tags(actor=personas.sales1, ids=[a.pk, b.pk], tags="新,重点") == 2
    assert CustomerTag.objects.filter(tag="重点").count() == 2
    with pytest.raises(NotFound):
        customers_bulk_delete(actor=personas.sales1, ids=[a.pk, other.pk])
    assert Customer.objects.count() == 3
    assert customers_bulk_delete(actor=personas.sales1, ids=[a.pk, b.pk]) == 2
    assert OperationLog.objects.filter(kind="customer", action="delete").count() == 2


def test_claim_within_limit_only_pool_customers(personas):
    pool = make(personas.admin, "公海客户", owner=None)
    taken = make(personas.sales2, "别人的")
    claimed = customer_claim(actor=personas.sales1, customer=pool.pk)
    assert claimed.owner == personas.sales1 and claimed.owned_since is not None
    with pytest.raises(NotFound):  # gone from the pool, and not visible to sales2 any more
        customer_claim(actor=personas.sales2, customer=pool.pk)
    with pytest.raises(ServiceError) as again:
        customer_claim(actor=personas.manager, customer=pool.pk)
    assert again.value.code == "not_in_pool"
    assert Customer.objects.get(pk=pool.pk).owner == personas.sales1
    with pytest.raises(NotFound):
        customer_claim(actor=personas.sales1, customer=taken.pk)
    assert Customer.objects.get(pk=taken.pk).owner == personas.sales2


def test_claim_beyond_the_limit_is_refused_with_the_limit(personas):
    PoolSettings.objects.update_or_create(pk=1, defaults={"claim_limit": 1})
    make(personas.sales1, "已有")
    pool = make(personas.admin, "公海", owner=None)
    with pytest.raises(ServiceError) as caught:
        customer_claim(actor=personas.sales1, customer=pool)
    assert caught.value.code == "claim_limit" and "1" in caught.value.message
    assert Customer.objects.get(pk=pool.pk).owner is None


def test_claiming_many_is_all_or_none(personas):
    first, second = make(personas.admin, "公海一", owner=None), make(personas.admin, "公海二", owner=None)
    gone = make(personas.admin, "公海三", owner=None)
    customer_claim(actor=personas.sales2, customer=gone)
    with pytest.raises(NotFound):  # sales2's now, out of sales1's sight
        customers_claim(actor=personas.sales1, ids=[first.pk, second.pk, gone.pk])
    with pytest.raises(ServiceError) as caught:  # the manager sees it: it is no longer in the pool
        customers_claim(actor=personas.manager, ids=[first.pk, second.pk, gone.pk])
    assert caught.value.code == "not_in_pool"
    assert "未领取任何客户" in caught.value.message or "none was claimed" in caught.value.message
    assert Customer.objects.filter(pk__in=[first.pk, second.pk], owner=None).count() == 2
    claimed = customers_claim(actor=personas.sales1, ids=[second.pk, first.pk, first.pk])
    assert [c.pk for c in claimed] == [first.pk, second.pk]
    assert all(c.owner == personas.sales1 and c.version == 2 for c in claimed)
    logged = OperationLog.objects.filter(kind="customer", object_id__in=[str(first.pk), str(second.pk)])
    assert logged.filter(action="claim", actor=personas.sales1).count() == 2


def test_claiming_many_beyond_the_limit_says_how_many_are_left(personas):
    PoolSettings.objects.update_or_create(pk=1, defaults={"claim_limit": 2})
    make(personas.sales1, "已有")
    pool = [make(personas.admin, f"公海{n}", owner=None) for n in range(2)]
    with pytest.raises(ServiceError) as caught:
        customers_claim(actor=personas.sales1, ids=[c.pk for c in pool])
    assert caught.value.code == "claim_limit"
    assert "1" in caught.value.message and "2" in caught.value.message
    assert Customer.objects.filter(owner=None).count() == 2
    with pytest.raises(ValidationFailed):
        customers_claim(actor=personas.sales1, ids=["x"])
    with pytest.raises(ValidationFailed):
        customers_claim(actor=personas.sales1, ids=[])


def test_release_by_owner_or_assigner_and_notifies(personas, django_capture_on_commit_callbacks):
    mine = make(personas.sales1, "我的")
    with pytest.raises(NotFound):
        customer_release(actor=personas.sales2, customer=mine.pk)
    customer_update(
        actor=personas.sales1, customer=mine.pk, data={"collaborators": [personas.sales2.pk]}, version=1
    )
    with pytest.raises(Forbidden):  # a collaborator sees it but may not release it
        customer_release(actor=personas.sales2, customer=mine.pk)
    with django_capture_on_commit_callbacks(execute=True):
        released = customer_release(actor=personas.manager, customer=mine.pk)
    assert released.owner is None and released.previous_owner == personas.sales1
    assert (
        Notification.objects.filter(recipient=personas.sales1, kind="customers.returned_to_pool").count() == 1
    )
    with pytest.raises(ServiceError):
        customer_release(actor=personas.manager, customer=mine.pk)


def test_transfer_needs_assign_and_an_active_target(personas, django_capture_on_commit_callbacks):
    a, b = make(personas.sales1, "甲"), make(personas.sales1, "乙")
    with pytest.raises(Forbidden):
        customers_transfer(actor=personas.sales1, ids=[a.pk], to_user=personas.sales2.pk)
    personas.outsider.is_active = False
    personas.outsider.save()
    with pytest.raises(ValidationFailed):
        customers_transfer(actor=personas.manager, ids=[a.pk], to_user=personas.outsider.pk)
    with django_capture_on_commit_callbacks(execute=True):
        customers_transfer(actor=personas.manager, ids=[a.pk, b.pk], to_user=personas.sales2)
    assert set(Customer.objects.values_list("owner__username", flat=True)) == {"sales2"}
    assert (
        Notification.objects.filter(recipient=personas.sales2, kind="customers.transferred_to_you").count()
        == 1
    )
    assert OperationLog.objects.filter(kind="customer", summary__contains="张华").count() == 2


def test_merge_moves_everything_and_archives_the_loser(personas):
    keep = make(personas.sales1, "华府", tags=["A"])
    lose = make(personas.sales1, "华府装饰", phone="13800138000", tags=["B"])
    Contact.objects.create(customer=lose, name="李先生")
    FollowUp.objects.create(customer=lose, content="电话", happened_at=timezone.now(), owner=personas.sales1)
    with pytest.raises(ServiceError):
        customers_merge(actor=personas.sales1, keep=keep, merge=keep)
    other = make(personas.sales2, "别人")
    with pytest.raises(NotFound):
        customers_merge(actor=personas.sales1, keep=keep, merge=other)
    with pytest.raises(Forbidden):
        customers_merge(actor=personas.manager, keep=keep, merge=other)
    merged = customers_merge(actor=personas.sales1, keep=keep.pk, merge=lose.pk)
    lose.refresh_from_db()
    assert lose.is_archived and lose.merged_into == merged
    assert merged.phone == "13800138000" and merged.tags == ["A", "B"]
    assert keep.contacts.count() == 1 and keep.followups.count() == 1
    assert set(CustomerTag.objects.filter(customer=keep).values_list("tag", flat=True)) == {"A", "B"}
    with pytest.raises(ServiceError):
        customers_merge(actor=personas.admin, keep=keep, merge=lose)


def test_pool_return_stale_moves_neglected_customers_and_tells_the_owner(
    personas, django_capture_on_commit_callbacks
):
    pool_settings_update(actor=personas.admin, claim_limit=100, return_after_days=30, version=1)
    now = timezone.now()
    old = make(personas.sales1, "冷落")
    fresh = make(personas.sales1, "常联系")
    never = make(personas.sales2, "从未跟进")
    Customer.objects.filter(pk=old.pk).update(last_followup_at=now - datetime.timedelta(days=40))
    Customer.objects.filter(pk=fresh.pk).update(last_followup_at=now - datetime.timedelta(days=3))
    Customer.objects.filter(pk=never.pk).update(owned_since=now - datetime.timedelta(days=31))
    with django_capture_on_commit_callbacks(execute=True):
        assert pool_return_stale(now=now) == 2
    assert pool_return_stale(now=now) == 0
    assert set(Customer.objects.filter(owner__isnull=True).values_list("name", flat=True)) == {
        "冷落",
        "从未跟进",
    }
    assert Customer.objects.get(pk=old.pk).previous_owner == personas.sales1
    assert Notification.objects.filter(kind="customers.returned_to_pool").count() == 2
    assert OperationLog.objects.filter(kind="customer", summary__contains="30").count() == 2


def test_pool_settings_need_the_right_and_a_fresh_version(personas):
    with pytest.raises(Forbidden):
        pool_settings_update(actor=personas.manager, claim_limit=5, return_after_days=None, version=1)
    with pytest.raises(ValidationFailed) as caught:
        pool_settings_update(actor=personas.admin, claim_limit=0, return_after_days="x", version=1)
    assert set(caught.value.fields) == {"claim_limit", "return_after_days"}
    pool_settings_update(actor=personas.admin, claim_limit=5, return_after_days=None, version=1)
    with pytest.raises(Conflict):
        pool_settings_update(actor=personas.admin, claim_limit=6, return_after_days=None, version=1)
    assert PoolSettings.current().claim_limit == 5


def test_a_department_manager_transfers_only_within_the_department(personas):
    from atrium.customers.services import customer_create, customers_transfer

    customer = customer_create(actor=personas.sales1, data={"name": "御湖山庄"})
    with pytest.raises(ValidationFailed) as caught:
        customers_transfer(actor=personas.manager, ids=[customer.pk], to_user=personas.pm)  # 工程部
    assert "to_user" in caught.value.fields
    customer.refresh_from_db()
    assert customer.owner == personas.sales1
    customers_transfer(actor=personas.manager, ids=[customer.pk], to_user=personas.sales2)
    customer.refresh_from_db()
    assert customer.owner == personas.sales2
