"""Payments and invoices through their services: allocation oldest first or as named, partial payments, never
beyond what is due without an overpayment note, another contract's instalment refused, removal gives the
balance back, invoices capped at the amount; the reminders worker job sends each reminder once."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from atrium.contracts.models import Instalment, InstalmentReminder, Payment
from atrium.contracts.selectors import transaction_history
from atrium.contracts.services import (
    contract_create,
    instalments_send_reminders,
    invoice_create,
    invoice_delete,
    payment_delete,
    payment_record,
)
from atrium.contracts.tests.conftest import usual_plan
from atrium.core.errors import Forbidden, ServiceError, ValidationFailed
from atrium.notifications.models import Notification

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _pay(personas, contract, who="sales1", **data):
    return payment_record(
        actor=personas[who], data={"contract": contract.pk, "received_on": TODAY(), "method": "bank", **data}
    )


def _plan(contract):
    return list(contract.instalments.order_by("position"))


def test_a_payment_without_allocations_goes_to_the_oldest_instalments_first(personas, signed):
    contract = signed["sales1"]
    _pay(personas, contract, amount="50000")
    first, second, third, _last = _plan(contract)
    assert (first.received, second.received, third.received) == (Decimal("30000"), Decimal("20000"), 0)
    assert first.status == "paid" and second.status == "partial"
    contract.refresh_from_db()
    assert contract.received == Decimal("50000") and contract.outstanding == Decimal("50000")


def test_named_allocations_must_add_up_and_stay_within_each_balance(personas, signed):
    contract = signed["sales1"]
    first, second, *_ = _plan(contract)
    with pytest.raises(ValidationFailed) as refused:
        _pay(personas, contract, amount="1000", allocations=[{"instalment": second.pk, "amount": "900"}])
    assert "allocations" in refused.value.fields
    with pytest.raises(ValidationFailed) as refused:
        _pay(personas, contract, amount="31000", allocations=[{"instalment": first.pk, "amount": "31000"}])
    assert "超额收款说明" in refused.value.fields["allocations.1.amount"][0]
    assert not Payment.objects.exists()
    payment = _pay(
        personas,
        contract,
        amount="31000",
        allocations=[{"instalment": first.pk, "amount": "31000"}],
        overpayment_note="业主多付，下期抵扣",
    )
    first.refresh_from_db()
    assert payment.overpayment_note and first.received == Decimal("31000") and first.status == "paid"


def test_another_contracts_instalment_and_a_payment_beyond_everything_due_are_refused(personas, signed):
    mine, theirs = signed["sales1"], signed["sales2"]
    foreign = _plan(theirs)[0]
    with pytest.raises(ValidationFailed) as refused:
        _pay(personas, mine, amount="100", allocations=[{"instalment": foreign.pk, "amount": "100"}])
    assert "allocations.1.instalment" in refused.value.fields
    with pytest.raises(ValidationFailed) as refused:
        _pay(personas, mine, amount="100000.01")
    assert "¥100,000.00" in refused.value.fields["amount"][0]
    with pytest.raises(ValidationFailed) as refused:
        _pay(personas, mine, amount="-5", received_on=TODAY() + datetime.timedelta(days=1))
    assert set(refused.value.fields) == {"amount", "received_on"}
    assert not Payment.objects.exists() and not Instalment.objects.filter(received__gt=0).exists()


def test_sales2_cannot_record_a_payment_on_sales1s_contract_nor_on_a_draft(personas, signed, won_deals):
    with pytest.raises(ValidationFailed) as refused:
        _pay(personas, signed["sales1"], who="sales2", amount="100")
    assert "contract" in refused.value.fields
    draft = contract_create(
        actor=personas.sales1, data={"deal": won_deals["sales1"].pk, "instalments": usual_plan()}
    )
    with pytest.raises(ServiceError) as refused:
        _pay(personas, draft, amount="100")
    assert refused.value.code == "not_signed"
    with pytest.raises(Forbidden):
        _pay(personas, signed["sales1"], who="outsider", amount="100")


def test_removing_a_payment_gives_its_instalments_their_balance_back(personas, signed):
    contract = signed["sales1"]
    payment = _pay(personas, contract, amount="45000")
    payment_delete(actor=personas.admin, payment=payment)
    assert not Payment.objects.exists()
    assert all(i.received == 0 for i in _plan(contract))
    contract.refresh_from_db()
    assert contract.received == 0


def test_a_receipt_is_stored_through_the_storage_api(personas, signed, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("回单.pdf", b"%PDF-1.4 receipt", content_type="application/pdf")
    payment = payment_record(
        actor=personas.sales1,
        data={"contract": signed["sales1"].pk, "amount": "1000", "received_on": TODAY()},
        receipt=pdf,
    )
    assert payment.receipt_type == "application/pdf" and payment.receipt.read() == b"%PDF-1.4 receipt"


def test_invoices_follow_the_contract_and_never_exceed_its_amount(personas, signed):
    contract = signed["sales1"]
    data = {
        "contract": contract.pk,
        "number": "04400001",
        "kind": "special",
        "amount": "30000",
        "issued_on": TODAY(),
    }
    invoice = invoice_create(actor=personas.admin, data=data)
    contract.refresh_from_db()
    assert contract.invoiced == Decimal("30000")
    with pytest.raises(ValidationFailed) as refused:
        invoice_create(actor=personas.admin, data=data)
    assert "number" in refused.value.fields
    with pytest.raises(ValidationFailed) as refused:
        invoice_create(actor=personas.admin, data={**data, "number": "04400002", "amount": "70000.01"})
    assert "amount" in refused.value.fields
    invoice_delete(actor=personas.admin, invoice=invoice)
    contract.refresh_from_db()
    assert contract.invoiced == 0


def test_the_transaction_history_shows_only_what_the_viewer_may_see(personas, signed):
    _pay(personas, signed["sales1"], amount="30000")
    history = transaction_history(personas.sales1, signed["sales1"].customer)
    assert history.contracts == [signed["sales1"]]
    assert [i.name for i in history.instalments] == [
        "水电验收款",
        "竣工款",
        "质保金",
    ]  # what is left to collect
    assert history.totals["outstanding"] == Decimal("70000") and len(history.payments) == 1
    assert history.deals and history.deals[0].customer_id == signed["sales1"].customer_id
    foreign = transaction_history(personas.sales2, signed["sales1"].customer)
    assert foreign.contracts == [] and foreign.payments == [] and foreign.deals == []


def test_reminders_go_to_the_owner_once_per_instalment_and_rule(
    personas, won_deals, django_capture_on_commit_callbacks
):
    start = TODAY() - datetime.timedelta(days=30)
    plan = usual_plan(start)  # 开工款 due 30 days ago, 水电验收款 due today, the rest later
    plan[2]["due_on"] = TODAY() + datetime.timedelta(days=3)
    contract = contract_create(
        actor=personas.sales1, data={"deal": won_deals["sales1"].pk, "instalments": plan, "sign": True}
    )
    with django_capture_on_commit_callbacks(execute=True):
        sent = instalments_send_reminders()
    # before: 水电验收款 (today) and 竣工款 (in 3 days); after: 开工款 (overdue)
    assert sent == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert instalments_send_reminders() == 0
    assert InstalmentReminder.objects.count() == 3
    titles = sorted(Notification.objects.filter(recipient=personas.sales1).values_list("title", flat=True))
    assert any("开工款" in t and "逾期" in t for t in titles)
    assert any("竣工款" in t and "到期" in t for t in titles)
    assert contract.number in titles[0]
