"""Contracts API: a contract created from a won deal with its four-instalment plan and signed at once; listed
with the list's filters in cursor pages, in scope only (404 outside it); a plan that does not add up refuses
signing (nothing saved); stale versions answer 409; the plan read with each instalment's status and saved as a
whole; payments allocated to instalments (400 naming the field beyond a balance or on another contract's
instalment), partial payments showing on the plan; invoices issued, listed by contract, removed; constant
query counts on the lists."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from atrium.contracts.models import Contract, Instalment, InstalmentStatus, Invoice, Payment
from atrium.contracts.services import contract_create, invoice_create, payment_record
from atrium.contracts.tests.conftest import usual_plan

pytestmark = pytest.mark.django_db


def send(client, method: str, url: str, body: dict | None = None):
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, data=json.dumps(body or {}), content_type="application/json")


def plan_json(start: datetime.date | None = None) -> list[dict[str, object]]:
    return [{**row, "due_on": str(row["due_on"])} for row in usual_plan(start)]  # a date's str() is ISO


def label(status: str) -> str:
    return str(InstalmentStatus(status).label)


def instalment_ids(contract: Contract) -> list[int]:
    return list(contract.instalments.order_by("position", "id").values_list("pk", flat=True))


# Contracts --------------------------------------------------------------------------------------------------


def test_a_contract_is_created_with_its_plan_and_signed(api_as, personas, customers, won_deals):
    api = api_as("sales1")
    deal = won_deals["sales1"]
    created = send(
        api,
        "post",
        "/api/v1/contracts",
        {"deal": deal.pk, "instalments": plan_json(), "sign": True, "ends_on": "2027-06-30"},
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    today = timezone.localdate()
    assert body["number"] == f"HT-{today.year}-{body['id']:05d}"
    assert body["status"] == "signed" and body["status_label"]
    assert body["amount"] == "100000.00" and body["received"] == "0.00"
    assert body["outstanding"] == "100000.00" and body["invoiced"] == "0.00"
    assert body["signed_on"] == today.isoformat() and body["ends_on"] == "2027-06-30"
    assert body["deal"] == {"id": deal.pk, "name": deal.title}
    assert body["customer"] == {"id": customers["sales1"].pk, "name": "华景家园张先生"}
    assert body["party_a"] == "华景家园张先生" and body["title"] == deal.title
    assert body["owner"] == {"id": personas.sales1.pk, "name": personas.sales1.name}
    assert body["contact"]["name"] and body["quote"] is None and body["custom"] == {}
    assert api.get(f"/api/v1/contracts/{body['id']}").json() == body

    plan = api.get(f"/api/v1/contracts/{body['id']}/instalments")
    assert plan.status_code == 200
    plan_body = plan.json()
    assert plan_body["version"] == body["version"] and plan_body["planned"] == "100000.00"
    rows = plan_body["instalments"]
    assert [r["name"] for r in rows] == ["开工款", "水电验收款", "竣工款", "质保金"]
    assert [r["percent"] for r in rows] == ["30.00", "40.00", "25.00", "5.00"]
    assert [r["amount"] for r in rows] == ["30000.00", "40000.00", "25000.00", "5000.00"]
    assert [r["balance"] for r in rows] == [r["amount"] for r in rows]
    assert rows[0]["due_on"] == today.isoformat() and rows[0]["received"] == "0.00"
    assert [r["status"] for r in rows] == ["due", "not_due", "not_due", "not_due"]
    assert [r["status_label"] for r in rows] == [label("due")] + [label("not_due")] * 3


def test_a_plan_that_does_not_add_up_refuses_signing_and_saves_nothing(api_as, won_deals):
    api = api_as("sales1")
    short = plan_json()[:3]  # 95 %
    refused = send(
        api, "post", "/api/v1/contracts", {"deal": won_deals["sales1"].pk, "instalments": short, "sign": True}
    )
    assert refused.status_code == 400
    error = refused.json()
    assert error["code"] == "invalid" and list(error["fields"]) == ["instalments"]
    assert (
        "95,000.00" in error["fields"]["instalments"][0] and "100,000.00" in error["fields"]["instalments"][0]
    )
    assert not Contract.objects.exists() and not Instalment.objects.exists()

    draft = send(api, "post", "/api/v1/contracts", {"deal": won_deals["sales1"].pk, "instalments": short})
    assert draft.status_code == 201 and draft.json()["status"] == "draft"
    assert draft.json()["outstanding"] == "0.00"
    url = f"/api/v1/contracts/{draft.json()['id']}"
    sign = send(api, "post", f"{url}/status", {"status": "signed", "version": draft.json()["version"]})
    assert sign.status_code == 400 and "instalments" in sign.json()["fields"]
    contract = Contract.objects.get()
    assert contract.status == "draft" and contract.version == draft.json()["version"]

    saved = send(api, "put", f"{url}/instalments", {"version": contract.version, "instalments": plan_json()})
    assert saved.status_code == 200, saved.json()
    assert saved.json()["planned"] == "100000.00" and saved.json()["version"] == contract.version + 1
    signed = send(api, "post", f"{url}/status", {"status": "signed", "version": saved.json()["version"]})
    assert signed.status_code == 200, signed.json()
    assert signed.json()["status"] == "signed"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"amount": "12.345"}, "amount"),
        ({"amount": "-5"}, "amount"),
        ({"ends_on": "2026-13-01"}, "ends_on"),
        ({"starts_on": "2027-01-01", "ends_on": "2026-01-01"}, "ends_on"),
        (
            {"instalments": [{"name": "开工款", "percent": "130", "due_on": "2026-01-05"}]},
            "instalments.1.percent",
        ),
        ({"instalments": [{"name": "开工款", "percent": "30"}]}, "instalments.1.due_on"),
    ],
)
def test_create_refuses_bad_fields_by_name(api_as, won_deals, extra, field):
    body = {"deal": won_deals["sales1"].pk, **extra}
    response = send(api_as("sales1"), "post", "/api/v1/contracts", body)
    assert response.status_code == 400 and field in response.json()["fields"], response.json()
    assert not Contract.objects.exists()


def test_a_deal_out_of_scope_or_not_won_gives_no_contract(api_as, personas, customers, won_deals):
    from atrium.sales.models import Pipeline
    from atrium.sales.services import deal_create

    api = api_as("sales1")
    theirs = send(api, "post", "/api/v1/contracts", {"deal": won_deals["sales2"].pk})
    assert theirs.status_code == 400 and "deal" in theirs.json()["fields"]
    pipeline = Pipeline.objects.order_by("position", "id").first()
    open_deal = deal_create(
        actor=personas.sales1,
        data={"title": "厨房翻新", "customer": customers["sales1"].pk, "pipeline": pipeline.pk},
    )
    not_won = send(api, "post", "/api/v1/contracts", {"deal": open_deal.pk})
    assert not_won.status_code == 400 and "deal" in not_won.json()["fields"]
    assert not Contract.objects.exists()


def test_the_list_with_filters_pages_and_scope(api_as, personas, signed):
    mine, theirs = signed["sales1"], signed["sales2"]
    draft = contract_create(actor=personas.sales1, data={"deal": mine.deal_id, "title": "补充协议"})
    api = api_as("sales1")
    listed = api.get("/api/v1/contracts")
    assert listed.status_code == 200
    assert {c["id"] for c in listed.json()["items"]} == {mine.pk, draft.pk}
    only = api.get("/api/v1/contracts", {"status": "signed"}).json()
    assert [c["id"] for c in only["items"]] == [mine.pk] and only["next_cursor"] is None
    assert only["items"][0]["received"] == "0.00" and only["items"][0]["amount"] == "100000.00"
    first = api.get("/api/v1/contracts", {"limit": 1}).json()
    assert len(first["items"]) == 1 and first["next_cursor"]
    rest = api.get("/api/v1/contracts", {"limit": 1, "cursor": first["next_cursor"]}).json()
    assert {first["items"][0]["id"], rest["items"][0]["id"]} == {mine.pk, draft.pk}
    assert api.get("/api/v1/contracts", {"deal": theirs.deal_id}).json()["items"] == []
    assert api.get("/api/v1/contracts", {"colour": "red"}).status_code == 400
    assert api.get("/api/v1/contracts", {"cursor": "nonsense"}).status_code == 400
    assert theirs.pk not in {c["id"] for c in api.get("/api/v1/contracts", {"limit": 200}).json()["items"]}
    everyone = api_as("manager").get("/api/v1/contracts").json()["items"]
    assert {c["id"] for c in everyone} == {mine.pk, draft.pk, theirs.pk}
    assert api_as("sales2").get(f"/api/v1/contracts/{mine.pk}").status_code == 404
    assert api_as("outsider").get("/api/v1/contracts").status_code == 403


def test_edit_with_version_and_a_stale_one(api_as, signed):
    contract = signed["sales1"]
    api = api_as("sales1")
    url = f"/api/v1/contracts/{contract.pk}"
    version = contract.version
    done = send(api, "patch", url, {"version": version, "title": "全屋装修合同（改）", "terms": "工期 90 天"})
    assert done.status_code == 200, done.json()
    assert done.json()["title"] == "全屋装修合同（改）" and done.json()["version"] == version + 1
    stale = send(api, "patch", url, {"version": version, "title": "过期的修改"})
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    stale_status = send(api, "post", f"{url}/status", {"status": "active", "version": version})
    assert stale_status.status_code == 409
    stale_plan = send(api, "put", f"{url}/instalments", {"version": version, "instalments": plan_json()})
    assert stale_plan.status_code == 409
    contract.refresh_from_db()
    assert contract.title == "全屋装修合同（改）" and contract.status == "signed"
    assert contract.version == version + 1
    fixed = send(api, "patch", url, {"version": contract.version, "amount": "120000"})
    assert fixed.status_code == 400 and "amount" in fixed.json()["fields"]
    contract.refresh_from_db()
    assert contract.amount == 100000 and contract.version == version + 1


def test_status_changes_and_delete(api_as, personas, signed):
    contract = signed["sales1"]
    api = api_as("sales1")
    url = f"/api/v1/contracts/{contract.pk}"
    started = send(api, "post", f"{url}/status", {"status": "active", "version": contract.version})
    assert started.status_code == 200 and started.json()["status"] == "active"
    version = started.json()["version"]
    no_reason = send(api, "post", f"{url}/status", {"status": "terminated", "version": version})
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["fields"]
    bad = send(api, "post", f"{url}/status", {"status": "draft", "version": version})
    assert bad.status_code == 422 and "status" in bad.json()["fields"]
    again = send(api, "post", f"{url}/status", {"status": "active", "version": version})
    assert again.status_code == 400 and again.json()["code"] == "unchanged"
    ended = send(
        api, "post", f"{url}/status", {"status": "terminated", "version": version, "reason": "客户搬迁"}
    )
    assert ended.status_code == 200 and ended.json()["termination_reason"] == "客户搬迁"
    assert ended.json()["outstanding"] == "0.00"
    signed_one = send(api, "delete", url)
    assert signed_one.status_code == 400 and signed_one.json()["code"] == "not_draft"
    draft = contract_create(
        actor=personas.sales1, data={"deal": contract.deal_id, "instalments": usual_plan()}
    )
    assert api.delete(f"/api/v1/contracts/{draft.pk}").status_code == 204
    assert not Contract.objects.filter(pk=draft.pk).exists()
    assert not Instalment.objects.filter(contract_id=draft.pk).exists()
    assert api.get(f"/api/v1/contracts/{draft.pk}").status_code == 404


def test_a_signed_plan_is_rearranged_adding_up_the_same(api_as, signed):
    contract = signed["sales1"]
    api = api_as("sales1")
    url = f"/api/v1/contracts/{contract.pk}/instalments"
    ids = instalment_ids(contract)
    start = timezone.localdate()
    rows = [
        {"id": ids[0], "name": "开工款", "amount": "50000", "due_on": start.isoformat()},
        {
            "id": ids[1],
            "name": "中期款",
            "amount": "45000",
            "due_on": (start + datetime.timedelta(30)).isoformat(),
        },
        {"name": "质保金", "amount": "5000", "due_on": (start + datetime.timedelta(365)).isoformat()},
    ]
    not_up = send(api, "put", url, {"version": contract.version, "instalments": rows[:2]})
    assert not_up.status_code == 400 and "instalments" in not_up.json()["fields"]
    assert instalment_ids(contract) == ids
    saved = send(api, "put", url, {"version": contract.version, "instalments": rows})
    assert saved.status_code == 200, saved.json()
    body = saved.json()
    assert [r["amount"] for r in body["instalments"]] == ["50000.00", "45000.00", "5000.00"]
    assert [r["percent"] for r in body["instalments"]] == ["50.00", "45.00", "5.00"]
    assert [r["id"] for r in body["instalments"]][:2] == ids[:2]
    assert body["version"] == contract.version + 1
    foreign = send(
        api,
        "put",
        url,
        {"version": body["version"], "instalments": [{**rows[0], "id": 987654}, *rows[1:]]},
    )
    assert foreign.status_code == 400 and "instalments.1.id" in foreign.json()["fields"]


# Payments ---------------------------------------------------------------------------------------------------


def _pay(api, contract, amount, allocations, **extra):
    body = {
        "contract": contract.pk,
        "amount": amount,
        "received_on": timezone.localdate().isoformat(),
        "allocations": allocations,
        **extra,
    }
    return send(api, "post", "/api/v1/payments", body)


def test_a_partial_payment_shows_on_the_plan_and_the_contract(api_as, signed):
    contract = signed["sales1"]
    first = instalment_ids(contract)[0]
    api = api_as("sales1")
    paid = _pay(
        api,
        contract,
        "10000",
        [{"instalment": first, "amount": "10000"}],
        method="wechat",
        reference="WX0001",
    )
    assert paid.status_code == 201, paid.json()
    payment = paid.json()
    assert payment["amount"] == "10000.00" and payment["method"] == "wechat" and payment["method_label"]
    assert payment["contract"] == {"id": contract.pk, "name": contract.number}
    assert payment["allocations"] == [{"instalment": {"id": first, "name": "开工款"}, "amount": "10000.00"}]
    assert payment["received_on"] == timezone.localdate().isoformat() and payment["has_receipt"] is False
    assert api.get(f"/api/v1/payments/{payment['id']}").json() == payment

    plan = api.get(f"/api/v1/contracts/{contract.pk}/instalments").json()
    row = plan["instalments"][0]
    assert row["status"] == InstalmentStatus.PARTIAL == "partial"
    assert row["status_label"] == label("partial")
    assert row["received"] == "10000.00" and row["balance"] == "20000.00"
    assert plan["received"] == "10000.00" and plan["outstanding"] == "90000.00"
    detail = api.get(f"/api/v1/contracts/{contract.pk}").json()
    assert detail["received"] == "10000.00" and detail["outstanding"] == "90000.00"

    listed = api.get("/api/v1/payments", {"contract": contract.pk}).json()
    assert [p["id"] for p in listed["items"]] == [payment["id"]]
    assert api.get("/api/v1/payments", {"method": "cash"}).json()["items"] == []
    assert api_as("sales2").get("/api/v1/payments").json()["items"] == []
    assert api_as("sales2").get(f"/api/v1/payments/{payment['id']}").status_code == 404

    # A sales rep records payments but does not remove them; the manager does, and the plan expects it again.
    assert api.delete(f"/api/v1/payments/{payment['id']}").status_code == 403
    assert api_as("manager").delete(f"/api/v1/payments/{payment['id']}").status_code == 204
    assert not Payment.objects.exists()
    again = api.get(f"/api/v1/contracts/{contract.pk}/instalments").json()
    assert again["received"] == "0.00" and again["instalments"][0]["status"] == "due"
    assert api.get(f"/api/v1/payments/{payment['id']}").status_code == 404


def test_a_payment_beyond_an_instalment_needs_an_overpayment_note(api_as, signed):
    contract = signed["sales1"]
    last = instalment_ids(contract)[-1]  # 质保金 ¥5,000
    api = api_as("sales1")
    refused = _pay(api, contract, "6000", [{"instalment": last, "amount": "6000"}])
    assert refused.status_code == 400
    fields = refused.json()["fields"]
    assert list(fields) == ["allocations.1.amount"] and "5,000.00" in fields["allocations.1.amount"][0]
    assert not Payment.objects.exists()
    assert Instalment.objects.get(pk=last).received == 0
    noted = _pay(
        api, contract, "6000", [{"instalment": last, "amount": "6000"}], overpayment_note="客户多付，下期抵扣"
    )
    assert noted.status_code == 201, noted.json()
    assert noted.json()["overpayment_note"] == "客户多付，下期抵扣"
    assert Instalment.objects.get(pk=last).received == 6000


def test_a_payment_on_another_contracts_instalment_is_refused(api_as, signed):
    mine, theirs = signed["sales1"], signed["sales2"]
    api = api_as("sales1")
    foreign = instalment_ids(theirs)[0]
    refused = _pay(api, mine, "1000", [{"instalment": foreign, "amount": "1000"}])
    assert refused.status_code == 400 and "allocations.1.instalment" in refused.json()["fields"]
    unequal = _pay(api, mine, "1000", [{"instalment": instalment_ids(mine)[0], "amount": "900"}])
    assert unequal.status_code == 400 and "allocations" in unequal.json()["fields"]
    on_theirs = _pay(api, theirs, "1000", [])
    assert on_theirs.status_code == 400 and "contract" in on_theirs.json()["fields"]
    future = _pay(api, mine, "1000", [], received_on="2999-01-01")
    assert future.status_code == 400 and "received_on" in future.json()["fields"]
    assert not Payment.objects.exists()
    assert not Instalment.objects.filter(received__gt=0).exists()


def test_a_payment_without_allocations_goes_oldest_first(api_as, signed):
    contract = signed["sales1"]
    paid = _pay(api_as("sales1"), contract, "35000", [])
    assert paid.status_code == 201, paid.json()
    assert [a["amount"] for a in paid.json()["allocations"]] == ["30000.00", "5000.00"]
    rows = api_as("sales1").get(f"/api/v1/contracts/{contract.pk}/instalments").json()["instalments"]
    assert [r["status"] for r in rows[:2]] == ["paid", "partial"]


# Invoices ---------------------------------------------------------------------------------------------------


def test_invoices_are_issued_listed_by_contract_and_removed(api_as, signed):
    mine, theirs = signed["sales1"], signed["sales2"]
    manager = api_as("manager")
    body = {
        "contract": mine.pk,
        "number": "04400001",
        "kind": "special",
        "amount": "30000",
        "issued_on": timezone.localdate().isoformat(),
    }
    assert send(api_as("sales1"), "post", "/api/v1/invoices", body).status_code == 403
    created = send(manager, "post", "/api/v1/invoices", body)
    assert created.status_code == 201, created.json()
    invoice = created.json()
    assert invoice["amount"] == "30000.00" and invoice["kind"] == "special" and invoice["kind_label"]
    assert invoice["contract"] == {"id": mine.pk, "name": mine.number}
    assert invoice["issued_on"] == timezone.localdate().isoformat()
    duplicate = send(manager, "post", "/api/v1/invoices", body)
    assert duplicate.status_code == 400 and "number" in duplicate.json()["fields"]
    too_much = send(manager, "post", "/api/v1/invoices", {**body, "number": "04400002", "amount": "80000"})
    assert too_much.status_code == 400 and "amount" in too_much.json()["fields"]
    other = send(manager, "post", "/api/v1/invoices", {**body, "contract": theirs.pk, "number": "04400003"})
    assert other.status_code == 201
    assert api_as("sales1").get(f"/api/v1/contracts/{mine.pk}").json()["invoiced"] == "30000.00"

    api = api_as("sales1")
    listed = api.get("/api/v1/invoices").json()
    assert [i["id"] for i in listed["items"]] == [invoice["id"]] and listed["next_cursor"] is None
    assert api.get(f"/api/v1/invoices/{invoice['id']}").json() == invoice
    by_contract = manager.get("/api/v1/invoices", {"contract": theirs.pk}).json()["items"]
    assert [i["id"] for i in by_contract] == [other.json()["id"]]
    assert len(manager.get("/api/v1/invoices").json()["items"]) == 2
    paged = manager.get("/api/v1/invoices", {"limit": 1}).json()
    assert len(paged["items"]) == 1 and paged["next_cursor"]
    assert api.get("/api/v1/invoices", {"contract": theirs.pk}).json()["items"] == []
    assert api.get("/api/v1/invoices", {"contract": "x"}).status_code == 400
    assert api.get(f"/api/v1/invoices/{other.json()['id']}").status_code == 404

    assert api.delete(f"/api/v1/invoices/{invoice['id']}").status_code == 403
    assert manager.delete(f"/api/v1/invoices/{invoice['id']}").status_code == 204
    assert not Invoice.objects.filter(pk=invoice["id"]).exists()
    assert api.get(f"/api/v1/contracts/{mine.pk}").json()["invoiced"] == "0.00"
    assert manager.get(f"/api/v1/invoices/{invoice['id']}").status_code == 404


# Scope ------------------------------------------------------------------------------------------------------


def test_records_out_of_scope_answer_404(api_as, personas, signed):
    theirs = signed["sales1"]
    payment = payment_record(
        actor=personas.sales1,
        data={"contract": theirs.pk, "amount": "1000", "received_on": timezone.localdate()},
    )
    invoice = invoice_create(
        actor=personas.manager,
        data={"contract": theirs.pk, "number": "0001", "amount": "1000", "issued_on": timezone.localdate()},
    )
    base = f"/api/v1/contracts/{theirs.pk}"
    for who in ("sales2", "outsider"):
        api = api_as(who)
        for method, url, body in (
            ("get", base, None),
            ("patch", base, {"version": theirs.version, "title": "x"}),
            ("delete", base, None),
            ("post", f"{base}/status", {"status": "active", "version": theirs.version}),
            ("get", f"{base}/instalments", None),
            ("put", f"{base}/instalments", {"version": theirs.version, "instalments": plan_json()}),
            ("get", f"/api/v1/payments/{payment.pk}", None),
            ("delete", f"/api/v1/payments/{payment.pk}", None),
            ("get", f"/api/v1/invoices/{invoice.pk}", None),
            ("delete", f"/api/v1/invoices/{invoice.pk}", None),
        ):
            response = send(api, method, url, body)
            assert response.status_code == 404, (who, method, url, response.json())
            assert response.json()["code"] == "not_found"
    outsider = api_as("outsider")
    for url in ("/api/v1/contracts", "/api/v1/payments", "/api/v1/invoices"):
        assert outsider.get(url).status_code == 403
    refused = send(outsider, "post", "/api/v1/contracts", {"deal": theirs.deal_id})
    assert refused.status_code == 403
    theirs.refresh_from_db()
    assert theirs.status == "signed" and theirs.received == 1000 and theirs.invoiced == 1000
    assert Payment.objects.count() == 1 and Invoice.objects.count() == 1


# Query counts -----------------------------------------------------------------------------------------------


def _grow(personas, contract, start: int, count: int) -> None:
    today = timezone.localdate()
    for index in range(start, start + count):
        contract_create(actor=personas.sales1, data={"deal": contract.deal_id, "title": f"合同{index}"})
        payment_record(
            actor=personas.sales1, data={"contract": contract.pk, "amount": "100", "received_on": today}
        )
        invoice_create(
            actor=personas.manager,
            data={"contract": contract.pk, "number": f"INV{index:04d}", "amount": "100", "issued_on": today},
        )


@pytest.mark.parametrize("url", ["/api/v1/contracts", "/api/v1/payments", "/api/v1/invoices"])
def test_the_lists_do_not_query_per_row(api_as, personas, signed, django_assert_max_num_queries, url):
    contract = signed["sales1"]
    _grow(personas, contract, 0, 3)
    api = api_as("sales1")
    api.get(url)  # warm caches (token, grants, custom field definitions)
    with django_assert_max_num_queries(40) as few:
        assert len(api.get(url).json()["items"]) >= 3
    _grow(personas, contract, 3, 10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get(url).json()["items"]) >= 13
