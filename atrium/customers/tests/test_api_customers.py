"""Customers API: scope per persona, duplicates, 409 on stale versions, pool actions, merge, convert, no N+1."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from atrium.customers.models import Customer, Lead
from atrium.customers.services import customer_create, lead_create

pytestmark = pytest.mark.django_db


def send(client, method: str, url: str, body: dict | None = None):
    return getattr(client, method)(url, data=json.dumps(body or {}), content_type="application/json")


def make(actor, name, **data):
    return customer_create(actor=actor, data={"name": name, **data}, force=True)


def test_sales1_never_sees_sales2_customers(api_as, personas):
    mine = make(personas.sales1, "李明的客户")
    theirs = make(personas.sales2, "张华的客户")
    api = api_as("sales1")
    names = {c["name"] for c in api.get("/api/v1/customers").json()["items"]}
    assert names == {"李明的客户"}
    assert api.get(f"/api/v1/customers/{theirs.pk}").status_code == 404
    assert (
        send(api, "patch", f"/api/v1/customers/{theirs.pk}", {"version": 1, "level": "A"}).status_code == 404
    )
    assert api.get(f"/api/v1/customers/{mine.pk}").json()["owner"]["name"] == "李明"
    manager = {c["name"] for c in api_as("manager").get("/api/v1/customers").json()["items"]}
    assert manager == {"李明的客户", "张华的客户"}
    outsider = api_as("outsider")
    assert outsider.get("/api/v1/customers").status_code == 403
    assert outsider.get(f"/api/v1/customers/{mine.pk}").status_code == 404


def test_read_only_role_gets_403_on_edit(api_as, personas):
    customer = make(personas.sales1, "协作客户")
    send(
        api_as("sales1"),
        "patch",
        f"/api/v1/customers/{customer.pk}",
        {"version": 1, "collaborators": [personas.sales2.pk]},
    )
    api = api_as("sales2")
    assert api.get(f"/api/v1/customers/{customer.pk}").status_code == 200
    response = send(api, "patch", f"/api/v1/customers/{customer.pk}", {"version": 2, "level": "A"})
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert api.delete(f"/api/v1/customers/{customer.pk}").status_code == 403


def test_create_duplicate_stale_and_bad_input(api_as, personas):
    make(personas.sales2, "万科", phone="13900139000")
    api = api_as("sales1")
    duplicate = send(api, "post", "/api/v1/customers", {"name": "万科"})
    body = duplicate.json()
    assert duplicate.status_code == 400 and body["code"] == "duplicate"
    assert body["hints"] == [{"customer_id": None, "name": None, "owner_name": "张华", "matched_on": "name"}]
    created = send(api, "post", "/api/v1/customers", {"name": "万科", "force": True})
    assert created.status_code == 201 and created.json()["version"] == 1
    pk = created.json()["id"]
    bad = send(api, "post", "/api/v1/customers", {"name": "新客户", "industry": "造火箭", "phone": "12"})
    assert bad.status_code == 400 and {"industry", "phone"} <= set(bad.json()["fields"])
    assert send(api, "patch", f"/api/v1/customers/{pk}", {"version": 1, "level": "A"}).status_code == 200
    stale = send(api, "patch", f"/api/v1/customers/{pk}", {"version": 1, "level": "B"})
    assert stale.status_code == 409 and Customer.objects.get(pk=pk).level == "A"


def test_pool_claim_release_transfer_and_merge(api_as, personas):
    pool = make(personas.admin, "公海客户", owner=None)
    sales1 = api_as("sales1")
    assert [c["name"] for c in sales1.get("/api/v1/customers/pool").json()["items"]] == ["公海客户"]
    claimed = sales1.post(f"/api/v1/customers/{pool.pk}/claim")
    assert claimed.status_code == 200 and claimed.json()["owner"]["name"] == "李明"
    assert api_as("manager").post(f"/api/v1/customers/{pool.pk}/claim").json()["code"] == "not_in_pool"
    assert sales1.post(f"/api/v1/customers/{pool.pk}/release").json()["in_pool"] is True
    other = make(personas.sales1, "另一个")
    assert (
        send(
            sales1, "post", f"/api/v1/customers/{other.pk}/transfer", {"to_user": personas.sales2.pk}
        ).status_code
        == 403
    )
    manager = api_as("manager")
    moved = send(
        manager, "post", "/api/v1/customers/transfer", {"ids": [other.pk], "to_user": personas.sales2.pk}
    )
    assert moved.status_code == 200 and Customer.objects.get(pk=other.pk).owner == personas.sales2
    a, b = make(personas.sales1, "甲"), make(personas.sales1, "乙")
    assert send(sales1, "post", "/api/v1/customers/merge", {"keep": a.pk, "merge": a.pk}).status_code == 400
    merged = send(sales1, "post", "/api/v1/customers/merge", {"keep": a.pk, "merge": b.pk})
    assert merged.status_code == 200 and Customer.objects.get(pk=b.pk).is_archived


def test_lead_convert_once(api_as, personas):
    lead = lead_create(
        actor=personas.sales1, data={"name": "周先生", "company": "周氏餐饮", "phone": "13700137000"}
    )
    api = api_as("sales1")
    converted = send(api, "post", f"/api/v1/leads/{lead.pk}/convert", {})
    assert converted.status_code == 200
    assert (
        converted.json()["customer"]["name"] == "周氏餐饮"
        and converted.json()["contact"]["mobile"] == "13700137000"
    )
    again = send(api, "post", f"/api/v1/leads/{lead.pk}/convert", {})
    assert again.status_code == 400 and again.json()["code"] == "already_converted"
    assert Lead.objects.get(pk=lead.pk).status == "converted"
    assert send(api_as("sales2"), "post", f"/api/v1/leads/{lead.pk}/convert", {}).status_code == 404


def test_followups_api_validates_times(api_as, personas):
    customer = make(personas.sales1, "跟进客户")
    api = api_as("sales1")
    far = send(
        api,
        "post",
        "/api/v1/followups",
        {"customer": customer.pk, "content": "电话", "happened_at": "2099-01-01T10:00:00"},
    )
    assert far.status_code == 400 and "happened_at" in far.json()["fields"]
    ok = send(
        api, "post", "/api/v1/followups", {"customer": customer.pk, "content": "电话沟通", "type": "call"}
    )
    assert ok.status_code == 201
    assert [
        f["content"] for f in api.get("/api/v1/followups", {"customer": customer.pk}).json()["items"]
    ] == ["电话沟通"]
    assert api_as("sales2").get(f"/api/v1/followups/{ok.json()['id']}").status_code == 404


def test_api_lists_have_constant_query_counts(api_as, personas, django_assert_max_num_queries):
    for index in range(35):
        make(personas.sales1 if index % 2 else personas.sales2, f"客户{index}", tags=["批量"])
    api = api_as("admin")
    api.get("/api/v1/customers")  # warm the token and grants
    with django_assert_max_num_queries(8):
        response = api.get("/api/v1/customers", {"limit": 40, "tag": "批量"})
    assert len(response.json()["items"]) == 35
    with django_assert_max_num_queries(8):
        assert api.get("/api/v1/contacts").status_code == 200


def test_followups_api_filters_by_type_author_and_period(api_as, personas):
    from atrium.customers.services import followup_create

    customer = make(personas.sales1, "筛选客户")
    now = timezone.now()
    for kind, days_ago in (("call", 0), ("site_survey", 3), ("visit", 40)):
        followup_create(
            actor=personas.sales1,
            data={
                "customer": customer.pk,
                "type": kind,
                "content": kind,
                "happened_at": now - datetime.timedelta(days=days_ago),
            },
        )
    api = api_as("sales1")

    def contents(**params):
        response = api.get("/api/v1/followups", params)
        assert response.status_code == 200, response.content
        return [item["content"] for item in response.json()["items"]]

    assert contents(type="site_survey") == ["site_survey"]
    assert contents(owner=personas.sales1.pk, customer=customer.pk) == [
        "visit",
        "site_survey",
        "call",
    ]  # newest first
    since = (now - datetime.timedelta(days=7)).date().isoformat()
    assert set(contents(happened_from=since)) == {"call", "site_survey"}
    assert contents(owner=personas.sales2.pk) == []
    bad = api.get("/api/v1/followups", {"type": "telegram"})
    assert bad.status_code == 400 and "type" in bad.json()["fields"]
    backwards = api.get("/api/v1/followups", {"happened_from": "2026-11-20", "happened_to": "2026-11-01"})
    assert backwards.status_code == 400 and "happened_to" in backwards.json()["fields"]
    bad_day = api.get("/api/v1/followups", {"happened_from": "yesterday"})
    assert bad_day.status_code == 400 and "happened_from" in bad_day.json()["fields"]
    typo = api.get("/api/v1/followups", {"happend_from": "2026-11-01"})
    assert typo.status_code == 400 and "happend_from" in typo.json()["fields"]
    assert api_as("sales2").get("/api/v1/followups", {"customer": customer.pk}).json()["items"] == []


def test_claim_many_from_the_pool_by_api(api_as, personas, django_assert_max_num_queries):
    pool = [make(personas.admin, f"公海客户{n}", owner=None) for n in range(12)]
    mine = make(personas.sales2, "张华的客户")
    ids = [c.pk for c in pool]
    sales1 = api_as("sales1")
    assert send(sales1, "post", "/api/v1/customers/claim", {"ids": [*ids, mine.pk]}).status_code == 404
    assert Customer.objects.filter(owner=None).count() == 12
    assert send(api_as("outsider"), "post", "/api/v1/customers/claim", {"ids": ids}).status_code == 403
    bad = send(sales1, "post", "/api/v1/customers/claim", {"ids": "all"})
    assert bad.status_code in (400, 422) and "ids" in json.dumps(bad.json())
    assert send(sales1, "post", "/api/v1/customers/claim", {"ids": []}).json()["fields"]["ids"]
    with django_assert_max_num_queries(30):  # not one round of queries per customer
        claimed = send(sales1, "post", "/api/v1/customers/claim", {"ids": ids})
    assert claimed.status_code == 200
    assert {c["owner"]["name"] for c in claimed.json()} == {"李明"} and len(claimed.json()) == 12
    again = send(api_as("sales2"), "post", "/api/v1/customers/claim", {"ids": ids[:2]})
    assert again.status_code == 404  # sales1's now: not visible to sales2


def test_patch_to_a_duplicate_name_answers_duplicate_until_forced(api_as, personas):
    make(personas.sales2, "张华的客户")
    mine = make(personas.sales1, "李明的客户")
    api = api_as("sales1")
    refused = send(api, "patch", f"/api/v1/customers/{mine.pk}", {"version": 1, "name": "张华的客户"})
    body = refused.json()
    assert refused.status_code == 400 and body["code"] == "duplicate"
    assert body["hints"] == [{"customer_id": None, "name": None, "owner_name": "张华", "matched_on": "name"}]
    forced = send(
        api, "patch", f"/api/v1/customers/{mine.pk}", {"version": 1, "name": "张华的客户", "force": True}
    )
    assert forced.status_code == 200 and forced.json()["version"] == 2
