"""Event contracts of sales: what each service emits (names and payloads). Webhooks and automation will rely on
these; a change here is a change of the public contract."""

from __future__ import annotations

import pytest

from atrium.core.events import recorded_events
from atrium.core.models import OutboxMessage
from atrium.sales.services import deal_create, deal_delete, deal_move, deal_update, stage_delete

pytestmark = pytest.mark.django_db


def test_deal_services_emit_their_events(personas, customers, pipeline, stages):
    sales1, admin = personas.sales1, personas.admin
    with recorded_events() as events:
        deal = deal_create(
            actor=admin,
            data={
                "title": "办公室装修",
                "customer": customers["sales1"].pk,
                "pipeline": pipeline.pk,
                "owner": sales1.pk,
            },
        )
        deal_update(actor=sales1, deal=deal, data={"amount": "500000"}, version=1)
        deal_move(actor=sales1, deal=deal, stage=stages["报价"].pk, version=2)
        deal_delete(actor=admin, deal=deal)
    first = stages["潜在客户"].pk
    board = ("deal_board.changed", {"pipeline_ids": [pipeline.pk]})
    moved = {
        "deal_id": deal.pk,
        "actor_id": sales1.pk,
        "from_stage_id": first,
        "to_stage_id": stages["报价"].pk,
        "state": "open",
    }
    # Events emitted inside an update come before the update's own deal.updated (emitted when it is saved).
    assert events == [
        ("deal.created", {"deal_id": deal.pk, "actor_id": admin.pk}),
        (
            "deal.assigned",
            {"deal_id": deal.pk, "actor_id": admin.pk, "owner_id": sales1.pk, "previous_owner_id": None},
        ),
        board,
        board,
        ("deal.updated", {"deal_id": deal.pk, "actor_id": sales1.pk, "changed": ["amount"]}),
        ("deal.moved", moved),
        board,
        ("deal.updated", {"deal_id": deal.pk, "actor_id": sales1.pk, "changed": ["stage"]}),
        ("deal.deleted", {"deal_id": deal.pk, "actor_id": admin.pk, "name": "办公室装修"}),
        board,
    ]
    # The assignment notice waits in the outbox (durable); the board hint does not.
    assert "deal_board.changed" not in set(OutboxMessage.objects.values_list("event", flat=True))
    assert "deal.assigned" in set(OutboxMessage.objects.values_list("event", flat=True))


def test_removing_a_stage_moves_its_deals_with_a_move_event_each(personas, customers, pipeline, stages):
    deal = deal_create(
        actor=personas.sales1,
        data={"title": "厨卫改造", "customer": customers["sales1"].pk, "pipeline": pipeline.pk},
    )
    with recorded_events() as events:
        moved = stage_delete(actor=personas.admin, stage=stages["潜在客户"], move_to=stages["初步接触"].pk)
    assert moved == 1
    assert (
        "deal.moved",
        {
            "deal_id": deal.pk,
            "actor_id": personas.admin.pk,
            "from_stage_id": stages["潜在客户"].pk,
            "to_stage_id": stages["初步接触"].pk,
            "state": "open",
        },
    ) in events
    deal.refresh_from_db()
    assert deal.stage == stages["初步接触"] and deal.version == 2
