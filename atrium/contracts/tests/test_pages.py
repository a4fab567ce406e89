"""The pages of contracts as people use them: the new contract from a won deal (the usual plan offered, a plan
that does not add up refused beside its rows), the contract page with its plan's statuses, a partial payment and
the balance, an overpayment refused in the form, the lists in the person's scope, the customer's and the deal's
sections, the transaction history, and the receipt downloaded through the access layer."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from atrium.contracts.models import Contract, Payment

pytestmark = pytest.mark.django_db


def _plan_post(deal, rows, **extra):
    data = {
        "deal": deal.pk,
        "title": "全屋装修合同",
        "amount": "100000",
        "party_a": "华景家园张先生",
        "party_b": "本公司",
        "owner": str(deal.owner_id),
        "signed_on": timezone.localdate().isoformat(),
        "plan-TOTAL_FORMS": str(len(rows)),
        "plan-INITIAL_FORMS": "0",
        **extra,
    }
    for index, (name, percent, due) in enumerate(rows):
        data[f"plan-{index}-name"] = name
        data[f"plan-{index}-percent"] = percent
        data[f"plan-{index}-due_on"] = due
    return data


def test_a_won_deal_offers_a_contract_with_the_usual_plan_and_creates_it_signed(client_as, won_deals):
    deal = won_deals["sales1"]
    deal_page = client_as("sales1").get(reverse("sales:deal_detail", args=[deal.pk])).content.decode()
    assert 'data-testid="new-contract"' in deal_page
    url = reverse("contracts:new") + f"?deal={deal.pk}"
    page = client_as("sales1").get(url).content.decode()
    assert "开工款" in page and "水电验收款" in page and "质保金" in page and "回款计划" in page
    today = timezone.localdate().isoformat()
    bad = _plan_post(deal, [("开工款", "30", today), ("尾款", "60", today)], sign="on")
    refused = client_as("sales1").post(url, bad)
    assert refused.status_code == 400 and "必须完全相等" in refused.content.decode()
    assert not Contract.objects.exists()
    good = _plan_post(deal, [("开工款", "30", today), ("水电验收款", "70", today)], sign="on")
    response = client_as("sales1").post(url, good)
    contract = Contract.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "contracts:detail", args=[contract.pk]
    )
    assert contract.status == "signed" and contract.instalments.count() == 2


def test_a_partial_payment_shows_the_balance_and_an_overpayment_is_refused_beside_its_field(
    client_as, signed
):
    contract = signed["sales1"]
    first = contract.instalments.order_by("position").first()
    url = reverse("contracts:payment_new", args=[contract.pk])
    form = client_as("sales1").get(url).content.decode()
    assert "分配到各期" in form and "开工款" in form
    base = {"amount": "40000", "received_on": timezone.localdate().isoformat(), "method": "bank"}
    refused = client_as("sales1").post(url, {**base, f"alloc_{first.pk}": "40000"})
    assert refused.status_code == 400 and "超额收款说明" in refused.content.decode()
    assert not Payment.objects.exists()
    receipt = SimpleUploadedFile("回单.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, content_type="image/png")
    done = client_as("sales1").post(url, {**base, "amount": "12000", "receipt": receipt})
    assert done.status_code == 302
    page = client_as("sales1").get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    assert "¥88,000.00" in page and "部分收款" in page and "壹拾万元整" in page
    payment = Payment.objects.get()
    assert client_as("sales1").get(reverse("contracts:payment_receipt", args=[payment.pk])).status_code == 200
    assert client_as("sales2").get(reverse("contracts:payment_receipt", args=[payment.pk])).status_code == 404


def test_a_bad_receipt_is_refused_and_nothing_is_saved(client_as, signed):
    url = reverse("contracts:payment_new", args=[signed["sales1"].pk])
    fake = SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="application/pdf")
    data = {
        "amount": "100",
        "received_on": timezone.localdate().isoformat(),
        "method": "bank",
        "receipt": fake,
    }
    response = client_as("sales1").post(url, data)
    assert response.status_code == 400 and "PDF" in response.content.decode()
    assert not Payment.objects.exists()


def test_lists_and_sections_show_only_the_persons_contracts(client_as, signed):
    mine, theirs = signed["sales1"], signed["sales2"]
    for name in ("contracts:contracts", "contracts:receivables"):
        text = client_as("sales1").get(reverse(name)).content.decode()
        assert mine.number in text and theirs.number not in text
    overdue = client_as("sales1").get(reverse("contracts:receivables") + "?status=overdue").content.decode()
    assert mine.number not in overdue
    customer = client_as("sales1").get(reverse("customers:detail", args=[mine.customer_id])).content.decode()
    assert 'data-testid="customer-contracts"' in customer and "¥100,000.00" in customer
    assert client_as("sales2").get(reverse("contracts:detail", args=[mine.pk])).status_code == 404
    assert client_as("outsider").get(reverse("contracts:detail", args=[mine.pk])).status_code == 404


def test_the_transaction_history_is_one_screen_of_what_was_bought_and_paid(
    client_as, signed, django_assert_max_num_queries
):
    contract = signed["sales1"]
    url = reverse("contracts:transactions", args=[contract.customer_id])
    client = client_as("sales1")
    client.get(reverse("home"))  # signed in before counting
    with django_assert_max_num_queries(20):
        page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 200 and "交易记录" in text and contract.number in text
    assert "¥100,000.00" in text and "水电验收款" in text and contract.deal.title in text
    assert client_as("sales2").get(url).status_code == 404


def test_signing_from_the_page_needs_a_plan_that_adds_up(client_as, won_deals):
    from atrium.contracts.services import contract_create

    draft = contract_create(
        actor=won_deals["sales1"].owner,
        data={
            "deal": won_deals["sales1"].pk,
            "instalments": [{"name": "首付", "amount": "1000", "due_on": timezone.localdate()}],
        },
    )
    url = reverse("contracts:status", args=[draft.pk])
    response = client_as("sales1").post(url, {"status": "signed", "version": draft.version}, follow=True)
    assert "必须完全相等" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.amount == Decimal("100000")


def test_a_deal_dropped_on_the_won_stage_offers_to_create_its_contract(client_as, personas, customers):
    from atrium.sales.models import Pipeline
    from atrium.sales.services import deal_create

    pipeline = Pipeline.objects.order_by("position").first()
    deal = deal_create(
        actor=personas.sales1,
        data={
            "title": "阳台改造",
            "customer": customers["sales1"].pk,
            "pipeline": pipeline.pk,
            "amount": "20000",
        },
    )
    won = pipeline.stages.get(kind="won")
    answer = client_as("sales1").post(
        reverse("sales:deal_move", args=[deal.pk]), {"stage": won.pk, "version": 1}
    )
    assert answer.status_code == 200
    assert answer.json()["offers"] == [
        {"key": "contract", "label": "创建合同", "url": f"{reverse('contracts:new')}?deal={deal.pk}"}
    ]


def test_whoever_sees_every_contract_gets_every_signed_contracts_instalments_and_no_drafts(
    client_as, signed, won_deals
):
    from atrium.contracts.services import contract_create

    draft = contract_create(
        actor=won_deals["sales1"].owner, data={"deal": won_deals["sales1"].pk, "title": "草稿合同"}
    )
    text = client_as("admin").get(reverse("contracts:receivables")).content.decode()
    assert signed["sales1"].number in text and signed["sales2"].number in text and draft.number not in text
    due = client_as("admin").get(reverse("contracts:receivables") + "?status=due").content.decode()
    assert "开工款" in due and "质保金" not in due  # due today, and due in a year
