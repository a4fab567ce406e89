"""Deals through their services: create in a pipeline's stage, move with what the stage needs, stage history
and the time per stage, 409 on a stale move, scope by owner and collaborators, the events declared."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from atrium.core.access import visible
from atrium.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from atrium.core.models import OperationLog
from atrium.notifications.models import Notification
from atrium.sales.models import Deal, DealStageHistory
from atrium.sales.selectors import deal_get, stage_history, time_per_stage
from atrium.sales.services import (
    deal_create,
    deal_move,
    deal_update,
    deals_delete,
    deals_transfer,
    pipeline_create,
)

pytestmark = pytest.mark.django_db


def _deal(personas, customers, pipeline, who="sales1", **data):
    return deal_create(
        actor=personas[who],
        data={"title": "全屋装修 120㎡", "customer": customers[who].pk, "pipeline": pipeline.pk, **data},
    )


def test_a_new_deal_starts_in_the_first_open_stage_with_its_stay_recorded(personas, customers, pipeline):
    deal = _deal(personas, customers, pipeline, amount="¥128,000.5")
    assert deal.stage.name == "潜在客户" and deal.state == "open" and deal.amount == Decimal("128000.50")
    assert deal.owner == personas.sales1 and deal.created_by == personas.sales1
    stays = stage_history(deal)
    assert [s.stage_name for s in stays] == ["潜在客户"] and stays[0].left_at is None
    row = OperationLog.objects.get(kind="deal", object_id=str(deal.pk))
    assert row.changes["title"] == "全屋装修 120㎡"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": ""}, "title"),
        ({"amount": "-1"}, "amount"),
        ({"amount": "12.345"}, "amount"),
        ({"amount": "一万"}, "amount"),
        ({"amount": "1000000000000"}, "amount"),
        ({"expected_close": "2026-13-01"}, "expected_close"),
        ({"source": "不在列表里"}, "source"),
    ],
)
def test_bad_fields_are_named_and_nothing_is_written(personas, customers, pipeline, data, field):
    with pytest.raises(ValidationFailed) as refused:
        _deal(personas, customers, pipeline, **data)
    assert field in refused.value.fields
    assert not Deal.objects.exists()


def test_a_customer_out_of_scope_or_a_stage_of_another_pipeline_is_refused(personas, customers, pipeline):
    with pytest.raises(ValidationFailed) as refused:
        deal_create(
            actor=personas.sales1,
            data={"title": "x", "customer": customers["sales2"].pk, "pipeline": pipeline.pk},
        )
    assert "customer" in refused.value.fields
    other = pipeline_create(actor=personas.admin, data={"name": "工装"})
    foreign = other.stages.order_by("position").first()
    with pytest.raises(ValidationFailed) as refused:
        _deal(personas, customers, pipeline, stage=foreign.pk)
    assert refused.value.fields["stage"] == ["这个阶段属于另一个销售流程。"]
    deal = _deal(personas, customers, pipeline)
    with pytest.raises(ValidationFailed) as refused:
        deal_move(actor=personas.sales1, deal=deal, stage=foreign.pk, version=deal.version)
    assert "stage" in refused.value.fields
    deal.refresh_from_db()
    assert deal.version == 1 and deal.stage.pipeline_id == pipeline.pk


def test_a_stage_asks_for_what_it_needs_and_lost_asks_for_a_reason(personas, customers, pipeline, stages):
    deal = _deal(personas, customers, pipeline)
    with pytest.raises(ValidationFailed) as refused:
        deal_move(actor=personas.sales1, deal=deal, stage=stages["报价"].pk, version=1)
    assert set(refused.value.fields) == {"amount"}
    with pytest.raises(ValidationFailed) as refused:
        deal_move(actor=personas.sales1, deal=deal, stage=stages["输单"].pk, version=1)
    assert set(refused.value.fields) == {"lost_reason"}
    moved = deal_move(
        actor=personas.sales1, deal=deal, stage=stages["报价"].pk, version=1, data={"amount": "86000"}
    )
    assert moved.stage.name == "报价" and moved.amount == Decimal("86000.00") and moved.version == 2
    lost = deal_move(
        actor=personas.sales1, deal=deal, stage=stages["输单"].pk, version=2, data={"lost_reason": "价格太高"}
    )
    assert (lost.state, lost.lost_reason) == ("lost", "价格太高") and lost.closed_at is not None
    reopened = deal_move(actor=personas.sales1, deal=deal, stage=stages["谈判"].pk, version=3)
    assert (reopened.state, reopened.lost_reason, reopened.closed_at) == ("open", "", None)
    names = [s.stage_name for s in stage_history(reopened)]
    assert names == ["潜在客户", "报价", "输单", "谈判"]
    assert DealStageHistory.objects.filter(deal=deal, left_at__isnull=True).count() == 1


def test_time_per_stage_adds_up_the_stays(personas, customers, pipeline, stages):
    deal = _deal(personas, customers, pipeline)
    deal_move(actor=personas.sales1, deal=deal, stage=stages["初步接触"].pk, version=1)
    deal_move(actor=personas.sales1, deal=deal, stage=stages["潜在客户"].pk, version=2)
    start = datetime.datetime(2026, 11, 1, 9, tzinfo=datetime.UTC)
    rows = list(DealStageHistory.objects.filter(deal=deal).order_by("id"))
    for index, row in enumerate(rows):
        row.entered_at = start + datetime.timedelta(days=index * 2)
        row.left_at = start + datetime.timedelta(days=index * 2 + 2) if index < len(rows) - 1 else None
        row.save()
    totals = dict(time_per_stage(stage_history(deal)))
    assert totals["初步接触"] == datetime.timedelta(days=2)
    assert totals["潜在客户"] > datetime.timedelta(days=2)  # first stay (2 days) + the current one


def test_a_stale_move_is_refused_and_the_first_edit_is_kept(personas, customers, pipeline, stages):
    deal = _deal(personas, customers, pipeline)
    deal_update(actor=personas.sales1, deal=deal, data={"title": "厨卫改造"}, version=1)
    with pytest.raises(Conflict):
        deal_move(actor=personas.sales1, deal=deal, stage=stages["初步接触"].pk, version=1)
    deal.refresh_from_db()
    assert (deal.title, deal.stage.name, deal.version) == ("厨卫改造", "潜在客户", 2)


def test_scope_own_department_all_and_collaborators(personas, customers, pipeline):
    mine = _deal(personas, customers, pipeline)
    theirs = _deal(personas, customers, pipeline, who="sales2")
    qs = Deal.objects.all()
    assert set(visible(personas.sales1, "deal", qs)) == {mine}
    assert set(visible(personas.admin, "deal", qs)) == {mine, theirs}
    assert set(visible(personas.outsider, "deal", qs)) == set()
    with pytest.raises(NotFound):
        deal_get(personas.sales1, theirs.pk)
    with pytest.raises(NotFound):
        deal_update(actor=personas.sales1, deal=theirs, data={"title": "x"}, version=1)
    deal_update(actor=personas.sales2, deal=theirs, data={"collaborators": [personas.sales1.pk]}, version=1)
    assert deal_get(personas.sales1, theirs.pk) == theirs  # a collaborator sees it …
    with pytest.raises(Forbidden):  # … and may not change it
        deal_update(actor=personas.sales1, deal=theirs, data={"title": "x"}, version=2)


def test_transfer_needs_the_assign_right_and_tells_the_new_owner(
    personas, customers, pipeline, django_capture_on_commit_callbacks
):
    deal = _deal(personas, customers, pipeline)
    with pytest.raises(Forbidden):
        deals_transfer(actor=personas.sales1, ids=[deal.pk], to_user=personas.sales2.pk)
    with django_capture_on_commit_callbacks(execute=True):
        deals_transfer(actor=personas.admin, ids=[deal.pk], to_user=personas.sales2.pk)
    deal.refresh_from_db()
    assert deal.owner == personas.sales2
    note = Notification.objects.get(recipient=personas.sales2, kind="sales.deal_assigned")
    assert "全屋装修" in note.title and note.link == f"/deals/{deal.pk}/"


def test_bulk_delete_is_all_or_none(personas, customers, pipeline):
    mine = _deal(personas, customers, pipeline)
    theirs = _deal(personas, customers, pipeline, who="sales2")
    with pytest.raises(NotFound):
        deals_delete(actor=personas.sales1, ids=[mine.pk, theirs.pk])
    assert Deal.objects.count() == 2
    assert deals_delete(actor=personas.sales1, ids=[mine.pk]) == 1
    assert list(Deal.objects.all()) == [theirs]


def test_the_customer_of_a_deal_cannot_be_deleted_from_under_it(personas, customers, pipeline, api_as):
    from atrium.core.errors import ServiceError
    from atrium.customers.models import Customer
    from atrium.customers.services import customer_delete

    _deal(personas, customers, pipeline)
    customer = customers["sales1"]
    with pytest.raises(ServiceError) as refused:
        customer_delete(actor=personas.admin, customer=customer)
    assert refused.value.code == "still_referred_to" and "商机" in refused.value.message
    answer = api_as("admin").delete(f"/api/v1/customers/{customer.pk}")
    assert answer.status_code == 400 and "商机" in answer.json()["message"]
    assert Customer.objects.filter(pk=customer.pk).exists()
    assert not OperationLog.objects.filter(kind="customer", action="delete").exists()
