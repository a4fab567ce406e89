"""Sales API: pipelines with their stages, deals created, read, listed with a filter, edited with version (409
when stale), moved with what the stage needs (400 naming the field), deleted; scope per persona."""

from __future__ import annotations

import json

import pytest

from atrium.sales.models import Deal, DealStageHistory
from atrium.sales.services import deal_create, pipeline_create

pytestmark = pytest.mark.django_db


def send(client, method: str, url: str, body: dict | None = None):
    return getattr(client, method)(url, data=json.dumps(body or {}), content_type="application/json")


def make(personas, customers, pipeline, who="sales1", **data):
    return deal_create(
        actor=personas[who],
        data={"title": "全屋装修 120㎡", "customer": customers[who].pk, "pipeline": pipeline.pk, **data},
    )


def test_pipelines_list_their_stages_in_order(api_as, pipeline):
    api = api_as("sales1")
    body = api.get("/api/v1/pipelines").json()
    first = next(p for p in body if p["id"] == pipeline.pk)
    assert first["name"] == "销售流程" and first["is_active"] is True
    assert [s["name"] for s in first["stages"]] == [
        "潜在客户",
        "初步接触",
        "需求分析",
        "报价",
        "谈判",
        "成交",
        "输单",
    ]
    assert [s["position"] for s in first["stages"]] == sorted(s["position"] for s in first["stages"])
    quote = first["stages"][3]
    assert quote["probability"] == 60 and quote["kind"] == "open" and quote["required_fields"] == ["amount"]
    assert {"id", "color"} <= set(quote)
    one = api.get(f"/api/v1/pipelines/{pipeline.pk}")
    assert one.status_code == 200 and one.json() == first
    assert api.get("/api/v1/pipelines/999999").status_code == 404
    assert api_as("outsider").get("/api/v1/pipelines").status_code == 403
    assert api_as("outsider").get(f"/api/v1/pipelines/{pipeline.pk}").status_code == 403


def test_create_then_get(api_as, personas, customers, pipeline, stages):
    api = api_as("sales1")
    contact = customers["sales1"].contacts.get()
    created = send(
        api,
        "post",
        "/api/v1/deals",
        {
            "title": "华景家园全屋装修",
            "customer": customers["sales1"].pk,
            "pipeline": pipeline.pk,
            "amount": "¥128,000.5",
            "expected_close": "2026-09-30",
            "contacts": [contact.pk],
            "collaborators": [personas.sales2.pk],
            "notes": "客户偏好北欧风",
        },
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["amount"] == "128000.50" and body["state"] == "open" and body["version"] == 1
    assert body["stage"] == {
        "id": stages["潜在客户"].pk,
        "name": "潜在客户",
        "kind": "open",
        "probability": 10,
    }
    assert body["customer"] == {"id": customers["sales1"].pk, "name": "华景家园张先生"}
    assert body["pipeline"] == {"id": pipeline.pk, "name": "销售流程"}
    assert body["owner"] == {"id": personas.sales1.pk, "name": personas.sales1.name}
    assert body["contacts"] == [contact.pk] and body["collaborators"] == [personas.sales2.pk]
    assert body["expected_close"] == "2026-09-30" and body["closed_at"] is None
    assert body["custom"] == {} and body["lost_reason"] == "" and body["stage_entered_at"]
    got = api.get(f"/api/v1/deals/{body['id']}")
    assert got.status_code == 200 and got.json() == body
    numeric = send(
        api,
        "post",
        "/api/v1/deals",
        {"title": "厨房翻新", "customer": customers["sales1"].pk, "pipeline": pipeline.pk, "amount": 3500},
    )
    assert numeric.status_code == 201 and numeric.json()["amount"] == "3500.00"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"amount": "12.345"}, "amount"),
        ({"amount": "一万"}, "amount"),
        ({"expected_close": "2026-13-01"}, "expected_close"),
        ({"title": ""}, "title"),
    ],
)
def test_create_refuses_bad_fields_by_name(api_as, customers, pipeline, extra, field):
    body = {"title": "x", "customer": customers["sales1"].pk, "pipeline": pipeline.pk, **extra}
    response = send(api_as("sales1"), "post", "/api/v1/deals", body)
    assert response.status_code == 400 and field in response.json()["fields"]
    assert not Deal.objects.exists()


def test_create_refuses_an_unseen_customer_and_a_stage_of_another_pipeline(
    api_as, personas, customers, pipeline
):
    api = api_as("sales1")
    theirs = send(
        api,
        "post",
        "/api/v1/deals",
        {"title": "x", "customer": customers["sales2"].pk, "pipeline": pipeline.pk},
    )
    assert theirs.status_code == 400 and "customer" in theirs.json()["fields"]
    other = pipeline_create(actor=personas.admin, data={"name": "工装"})
    foreign = other.stages.order_by("position").first()
    body = {"title": "x", "customer": customers["sales1"].pk, "pipeline": pipeline.pk, "stage": foreign.pk}
    response = send(api, "post", "/api/v1/deals", body)
    assert response.status_code == 400 and "stage" in response.json()["fields"]


def test_list_with_a_filter_and_scope(api_as, personas, customers, pipeline, stages):
    make(personas, customers, pipeline, title="一号")
    make(personas, customers, pipeline, title="二号", stage=stages["需求分析"].pk)
    make(personas, customers, pipeline, who="sales2", title="三号")
    api = api_as("sales1")
    everything = api.get("/api/v1/deals")
    assert everything.status_code == 200
    assert {d["title"] for d in everything.json()["items"]} == {"一号", "二号"}
    filtered = api.get(f"/api/v1/deals?stage={stages['需求分析'].pk}").json()
    assert [d["title"] for d in filtered["items"]] == ["二号"] and filtered["next_cursor"] is None
    paged = api.get("/api/v1/deals?limit=1").json()
    assert len(paged["items"]) == 1 and paged["next_cursor"]
    manager = api_as("manager").get("/api/v1/deals").json()["items"]
    assert {d["title"] for d in manager} == {"一号", "二号", "三号"}
    unknown = api.get("/api/v1/deals?colour=red")
    assert unknown.status_code == 400
    assert api_as("outsider").get("/api/v1/deals").status_code == 403


def test_patch_and_a_stale_version(api_as, personas, customers, pipeline):
    deal = make(personas, customers, pipeline)
    api = api_as("sales1")
    url = f"/api/v1/deals/{deal.pk}"
    done = send(api, "patch", url, {"version": 1, "title": "全屋装修（改）", "amount": "200000"})
    assert done.status_code == 200, done.json()
    assert done.json()["title"] == "全屋装修（改）" and done.json()["amount"] == "200000.00"
    assert done.json()["version"] == 2
    stale = send(api, "patch", url, {"version": 1, "title": "过期的修改"})
    assert stale.status_code == 409 and stale.json()["code"]
    deal.refresh_from_db()
    assert deal.title == "全屋装修（改）" and deal.version == 2
    cleared = send(api, "patch", url, {"version": 2, "amount": None})
    assert cleared.status_code == 200 and cleared.json()["amount"] is None


def test_move_checks_the_stage(api_as, personas, customers, pipeline, stages):
    deal = make(personas, customers, pipeline)
    api = api_as("sales1")
    url = f"/api/v1/deals/{deal.pk}/move"
    other = pipeline_create(actor=personas.admin, data={"name": "工装"})
    foreign = other.stages.order_by("position").first()
    response = send(api, "post", url, {"stage": foreign.pk, "version": 1})
    assert response.status_code == 400 and "stage" in response.json()["fields"]
    lost = send(api, "post", url, {"stage": stages["输单"].pk, "version": 1})
    assert lost.status_code == 400 and "lost_reason" in lost.json()["fields"]
    quote = send(api, "post", url, {"stage": stages["报价"].pk, "version": 1})
    assert quote.status_code == 400 and "amount" in quote.json()["fields"]
    deal.refresh_from_db()
    assert deal.version == 1 and deal.stage == stages["潜在客户"]
    moved = send(api, "post", url, {"stage": stages["报价"].pk, "version": 1, "amount": "88000"})
    assert moved.status_code == 200, moved.json()
    assert moved.json()["stage"]["name"] == "报价" and moved.json()["amount"] == "88000.00"
    closed = send(api, "post", url, {"stage": stages["输单"].pk, "version": 2, "lost_reason": "价格太高"})
    assert closed.status_code == 200, closed.json()
    body = closed.json()
    assert body["state"] == "lost" and body["lost_reason"] == "价格太高" and body["closed_at"]
    assert body["stage"] == {"id": stages["输单"].pk, "name": "输单", "kind": "lost", "probability": 0}
    stale = send(api, "post", url, {"stage": stages["初步接触"].pk, "version": 2})
    assert stale.status_code == 409
    names = list(
        DealStageHistory.objects.filter(deal=deal)
        .order_by("entered_at", "id")
        .values_list("stage_name", flat=True)
    )
    assert names == ["潜在客户", "报价", "输单"]


def test_scope_of_one_deal(api_as, personas, customers, pipeline, stages):
    theirs = make(personas, customers, pipeline, who="sales2")
    url = f"/api/v1/deals/{theirs.pk}"
    for who in ("sales1", "outsider"):
        api = api_as(who)
        assert api.get(url).status_code == 404
        assert send(api, "patch", url, {"version": 1, "title": "x"}).status_code == 404
        assert (
            send(api, "post", f"{url}/move", {"stage": stages["初步接触"].pk, "version": 1}).status_code
            == 404
        )
        assert api.delete(url).status_code == 404
    assert api_as("manager").get(url).status_code == 200
    assert Deal.objects.filter(pk=theirs.pk).exists()


def test_delete(api_as, personas, customers, pipeline):
    deal = make(personas, customers, pipeline)
    api = api_as("sales1")
    assert api.delete(f"/api/v1/deals/{deal.pk}").status_code == 204
    assert not Deal.objects.filter(pk=deal.pk).exists()
    assert api.get(f"/api/v1/deals/{deal.pk}").status_code == 404
    assert api.delete(f"/api/v1/deals/{deal.pk}").status_code == 404


def test_the_list_does_not_query_per_deal(
    api_as, personas, customers, pipeline, django_assert_max_num_queries
):
    for index in range(3):
        make(personas, customers, pipeline, title=f"商机{index}")
    api = api_as("sales1")
    api.get("/api/v1/deals")  # warm caches (token, grants, custom field definitions)
    with django_assert_max_num_queries(40) as few:
        api.get("/api/v1/deals")
    for index in range(3, 13):
        make(personas, customers, pipeline, title=f"商机{index}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get("/api/v1/deals").json()["items"]) == 13
