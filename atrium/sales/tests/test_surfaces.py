"""Deals on the other surfaces, per persona: global search and the list's export find only the deals the
person sees; the kanban's realtime topic is followed by people who may view deals, and a move tells them."""

from __future__ import annotations

import json

import pytest
from asgiref.sync import sync_to_async
from django.urls import reverse

from atrium.core.search.query import search_filter
from atrium.sales.models import Deal
from atrium.sales.services import deal_create, deal_move
from atrium.testing.websockets import signed_in_socket


def _deals(personas, customers, pipeline):
    return {
        who: deal_create(
            actor=personas[who],
            data={"title": f"别墅整装{who}", "customer": customers[who].pk, "pipeline": pipeline.pk},
        )
        for who in ("sales1", "sales2")
    }


@pytest.mark.django_db
def test_search_and_export_see_only_the_persons_deals(client_as, personas, customers, pipeline):
    deals = _deals(personas, customers, pipeline)
    found = client_as("sales1").get(reverse("sales:deals"), {"q": "别墅整装"}).content.decode()
    assert "别墅整装sales1" in found and "别墅整装sales2" not in found
    assert set(Deal.objects.filter(search_filter("deal", "墅整"))) == set(deals.values())
    box = client_as("sales1").get("/search/", {"q": "别墅整装"}).content.decode()
    assert "别墅整装sales1" in box and "别墅整装sales2" not in box
    export = client_as("sales1").get(reverse("lists:export", kwargs={"list_key": "deals", "format": "csv"}))
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "别墅整装sales1" in text and "别墅整装sales2" not in text
    everything = client_as("manager").get(
        reverse("lists:export", kwargs={"list_key": "deals", "format": "csv"})
    )
    assert "别墅整装sales2" in b"".join(everything.streaming_content).decode("utf-8-sig")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("close_worker_thread_connections")
async def test_the_pipeline_topic_follows_the_right_to_view_deals(personas, channel_layer):
    from atrium.sales.models import Pipeline

    pipeline = await sync_to_async(lambda: Pipeline.objects.order_by("pk").first())()
    topic = f"pipeline.{pipeline.pk}"
    rep = await signed_in_socket(personas.sales1)
    outsider = await signed_in_socket(personas.outsider)
    client = await signed_in_socket(personas.client)
    for socket, answer in (
        (rep, "subscribed"),
        (outsider, "subscription.refused"),
        (client, "subscription.refused"),
    ):
        await socket.send_to(text_data=json.dumps({"subscribe": topic}))
        assert await socket.receive_json_from() == {"event": answer, "data": {"topic": topic}}
    await rep.send_to(text_data=json.dumps({"subscribe": "pipeline.987654"}))
    assert (await rep.receive_json_from())["event"] == "subscription.refused"

    def move():
        from atrium.customers.services import customer_create

        customer = customer_create(actor=personas.sales2, data={"name": "锦绣花园钱女士"})
        deal = deal_create(
            actor=personas.sales2, data={"title": "x", "customer": customer.pk, "pipeline": pipeline.pk}
        )
        stage = pipeline.stages.order_by("position")[1]
        deal_move(actor=personas.sales2, deal=deal, stage=stage.pk, version=deal.version)

    await sync_to_async(move)()
    # Only that something changed (no figures: each viewer re-reads their own).
    assert await rep.receive_json_from() == {"event": "deal_board.changed", "data": {"pipeline": pipeline.pk}}
    assert await outsider.receive_nothing() and await client.receive_nothing()
    for socket in (rep, outsider, client):
        await socket.disconnect()
