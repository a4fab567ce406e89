"""Contracts through their services: from a won deal or an accepted quote, the plan that must add up before
signing, a signed contract's fixed amount, status changes, 409 on stale versions, scope by owner, the log."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from atrium.contracts.models import Contract, Instalment, InstalmentStatus, instalment_status
from atrium.contracts.selectors import contract_get
from atrium.contracts.services import (
    contract_create,
    contract_delete,
    contract_plan_save,
    contract_set_status,
    contract_update,
)
from atrium.core.access import visible
from atrium.core.errors import Conflict, NotFound, ServiceError, ValidationFailed
from atrium.core.models import OperationLog
from atrium.sales.services import deal_create

pytestmark = pytest.mark.django_db


def test_a_contract_from_a_won_deal_takes_its_amount_parties_and_a_plan_adding_up_exactly(personas, signed):
    contract = signed["sales1"]
    assert contract.number.startswith(f"HT-{timezone.localdate().year}-")
    assert contract.status == "signed" and contract.signed_on == timezone.localdate()
    assert contract.amount == Decimal("100000.00") and contract.party_a == "华景家园张先生"
    assert contract.owner == personas.sales1 and contract.contact is not None
    amounts = list(contract.instalments.order_by("position").values_list("amount", flat=True))
    assert amounts == [Decimal("30000.00"), Decimal("40000.00"), Decimal("25000.00"), Decimal("5000.00")]
    assert contract.outstanding == Decimal("100000.00")


def test_percentages_that_do_not_divide_evenly_still_add_up_to_the_amount(personas, won_deals):
    plan = [
        {"name": "一期", "percent": "33.33", "due_on": timezone.localdate()},
        {"name": "二期", "percent": "33.33", "due_on": timezone.localdate()},
        {"name": "三期", "percent": "33.34", "due_on": timezone.localdate()},
    ]
    contract = contract_create(
        actor=personas.sales1,
        data={"deal": won_deals["sales1"].pk, "amount": "1000.01", "instalments": plan, "sign": True},
    )
    assert sum(i.amount for i in contract.instalments.all()) == Decimal("1000.01")


def test_signing_is_refused_until_the_plan_adds_up_and_nothing_is_half_saved(personas, won_deals):
    plan = [{"name": "首付", "amount": "30000", "due_on": timezone.localdate()}]
    before = Contract.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        contract_create(
            actor=personas.sales1, data={"deal": won_deals["sales1"].pk, "instalments": plan, "sign": True}
        )
    assert (
        "必须" in refused.value.fields["instalments"][0]
        and "¥70,000.00" in refused.value.fields["instalments"][0]
    )
    assert Contract.objects.count() == before and not Instalment.objects.exists()
    draft = contract_create(actor=personas.sales1, data={"deal": won_deals["sales1"].pk, "instalments": plan})
    assert draft.status == "draft"
    with pytest.raises(ValidationFailed):
        contract_set_status(actor=personas.sales1, contract=draft, status="signed", version=draft.version)
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_bad_plan_rows_are_named_by_row_and_field(personas, won_deals):
    plan = [
        {"name": "", "percent": "30", "due_on": timezone.localdate()},
        {"name": "二期", "percent": "130", "due_on": ""},
        {"name": "三期", "amount": "-5", "due_on": timezone.localdate()},
        {"name": "四期", "due_on": timezone.localdate()},
    ]
    with pytest.raises(ValidationFailed) as refused:
        contract_create(actor=personas.sales1, data={"deal": won_deals["sales1"].pk, "instalments": plan})
    fields = refused.value.fields
    assert set(fields) >= {
        "instalments.1.name",
        "instalments.2.percent",
        "instalments.2.due_on",
        "instalments.3.amount",
        "instalments.4.amount",
    }


def test_an_open_deal_without_an_accepted_quote_gives_no_contract(personas, customers):
    from atrium.sales.models import Pipeline

    pipeline = Pipeline.objects.order_by("position").first()
    deal = deal_create(
        actor=personas.sales1,
        data={"title": "x", "customer": customers["sales1"].pk, "pipeline": pipeline.pk},
    )
    with pytest.raises(ValidationFailed) as refused:
        contract_create(actor=personas.sales1, data={"deal": deal.pk, "amount": "1000"})
    assert "赢单" in refused.value.fields["deal"][0] or "成交" in refused.value.fields["deal"][0]


def test_a_contract_from_an_accepted_quote_takes_its_total_and_terms(personas, customers):
    from atrium.sales.models import Pipeline
    from atrium.sales.services.quotes import quote_create, quote_version_mark

    pipeline = Pipeline.objects.order_by("position").first()
    deal = deal_create(
        actor=personas.sales1,
        data={"title": "厨房翻新", "customer": customers["sales1"].pk, "pipeline": pipeline.pk},
    )
    quote = quote_create(
        actor=personas.sales1,
        deal=deal,
        data={
            "lines": [{"description": "整体橱柜", "quantity": "6", "unit_price": "2600"}],
            "terms": "签约付 30%",
        },
    )
    quote_version_mark(actor=personas.sales1, quote=quote, number=1, status="sent", version=1)
    quote_version_mark(actor=personas.sales1, quote=quote, number=1, status="accepted", version=2)
    contract = contract_create(actor=personas.sales1, data={"deal": deal.pk, "quote": quote.pk})
    version = quote.versions.get(number=1)
    assert contract.amount == version.total and contract.terms == "签约付 30%"
    assert contract.quote_version == version and contract.status == "draft"


def test_sales2_never_sees_sales1s_contract_and_the_manager_does(personas, signed):
    contract = signed["sales1"]
    with pytest.raises(NotFound):
        contract_get(personas.sales2, contract.pk)
    assert contract_get(personas.manager, contract.pk) == contract
    assert contract not in visible(personas.sales2, "contract")
    with pytest.raises(NotFound):
        contract_get(personas.outsider, contract.pk)


def test_a_signed_contracts_amount_is_fixed_and_a_stale_edit_changes_nothing(personas, signed):
    contract = signed["sales1"]
    with pytest.raises(ValidationFailed) as refused:
        contract_update(
            actor=personas.sales1, contract=contract, data={"amount": "90000"}, version=contract.version
        )
    assert "amount" in refused.value.fields
    edited = contract_update(
        actor=personas.sales1, contract=contract, data={"title": "华景家园全包合同"}, version=contract.version
    )
    assert edited.title == "华景家园全包合同"
    with pytest.raises(Conflict):
        contract_update(
            actor=personas.sales1, contract=contract, data={"title": "旧"}, version=contract.version
        )
    assert Contract.objects.get(pk=contract.pk).title == "华景家园全包合同"
    log = OperationLog.objects.filter(kind="contract", object_id=str(contract.pk)).order_by("-id").first()
    assert log.changes["title"] == [contract.title, "华景家园全包合同"]


def test_the_plan_of_a_signed_contract_may_be_rearranged_but_must_still_add_up(personas, signed):
    contract = signed["sales1"]
    rows = [
        {"id": i.pk, "name": i.name, "amount": str(i.amount), "due_on": i.due_on + datetime.timedelta(days=7)}
        for i in contract.instalments.order_by("position")
    ]
    saved = contract_plan_save(
        actor=personas.sales1, contract=contract, instalments=rows, version=contract.version
    )
    assert saved.version == contract.version + 1
    log = OperationLog.objects.filter(kind="contract", object_id=str(contract.pk)).order_by("-id").first()
    assert "instalments" in log.changes and "开工款" in log.changes["instalments"][1]
    rows[0]["amount"] = "1"
    with pytest.raises(ValidationFailed) as refused:
        contract_plan_save(actor=personas.sales1, contract=contract, instalments=rows, version=saved.version)
    assert "instalments" in refused.value.fields
    rows[0]["amount"] = "30000"
    rows[0]["id"] = 999999
    with pytest.raises(ValidationFailed) as refused:
        contract_plan_save(actor=personas.sales1, contract=contract, instalments=rows, version=saved.version)
    assert "instalments.1.id" in refused.value.fields


def test_status_changes_follow_the_allowed_paths(personas, signed):
    contract = signed["sales1"]
    with pytest.raises(ServiceError) as refused:
        contract_set_status(
            actor=personas.sales1, contract=contract, status="signed", version=contract.version
        )
    assert refused.value.code == "unchanged"
    with pytest.raises(ValidationFailed) as refused:
        contract_set_status(
            actor=personas.sales1, contract=contract, status="terminated", version=contract.version
        )
    assert "reason" in refused.value.fields
    active = contract_set_status(
        actor=personas.sales1, contract=contract, status="active", version=contract.version
    )
    done = contract_set_status(
        actor=personas.sales1, contract=active, status="completed", version=active.version
    )
    with pytest.raises(ServiceError) as refused:
        contract_set_status(actor=personas.sales1, contract=done, status="active", version=done.version)
    assert refused.value.code == "invalid_transition"
    with pytest.raises(ServiceError):
        contract_update(actor=personas.sales1, contract=done, data={"title": "x"}, version=done.version)


def test_only_a_draft_without_payments_is_deleted(personas, signed, won_deals):
    with pytest.raises(ServiceError) as refused:
        contract_delete(actor=personas.sales1, contract=signed["sales1"])
    assert refused.value.code == "not_draft"
    assert Contract.objects.filter(pk=signed["sales1"].pk).exists()
    draft = contract_create(actor=personas.sales1, data={"deal": won_deals["sales1"].pk})
    contract_delete(actor=personas.sales1, contract=draft)
    assert not Contract.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize(
    ("received", "due_in", "expected"),
    [
        ("100", -5, InstalmentStatus.PAID),
        ("0", -1, InstalmentStatus.OVERDUE),
        ("40", -1, InstalmentStatus.OVERDUE),
        ("40", 3, InstalmentStatus.PARTIAL),
        ("0", 0, InstalmentStatus.DUE),
        ("0", 7, InstalmentStatus.DUE),
        ("0", 8, InstalmentStatus.NOT_DUE),
    ],
)
def test_an_instalments_status_is_computed_from_its_date_and_what_it_received(received, due_in, expected):
    today = datetime.date(2026, 12, 4)
    status = instalment_status(
        Decimal("100"), Decimal(received), today + datetime.timedelta(days=due_in), today
    )
    assert status == expected
