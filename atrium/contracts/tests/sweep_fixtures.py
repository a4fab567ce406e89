"""The permission sweep's records of contracts: a signed contract of sales2's won deal, with a two-instalment
plan, a payment allocated to the first instalment and an invoice."""

import datetime
from decimal import Decimal

from django.utils import timezone

from atrium.contracts.models import Contract, Instalment, Invoice, Payment, PaymentAllocation
from atrium.testing.sweep import record_maker, url_argument


@record_maker("contract")
def _contract(world):
    deal = world.records["deal"]
    today = timezone.localdate()
    contract = Contract.objects.create(
        number="HT-2026-99999",
        title="华景家园装修合同",
        customer=deal.customer,
        deal=deal,
        amount=Decimal("100000"),
        party_a=deal.customer.name,
        party_b="扫荡装饰",
        status="signed",
        signed_on=today,
        owner=world.personas.sales2,
        received=Decimal("30000"),
        invoiced=Decimal("30000"),
    )
    first = Instalment.objects.create(
        contract=contract, position=1, name="开工款", amount=30000, due_on=today, received=30000
    )
    Instalment.objects.create(
        contract=contract, position=2, name="尾款", amount=70000, due_on=today + datetime.timedelta(days=60)
    )
    payment = Payment.objects.create(contract=contract, amount=30000, received_on=today)
    PaymentAllocation.objects.create(payment=payment, instalment=first, amount=30000)
    return contract


@record_maker("payment")
def _payment(world):
    return world.records["contract"].payments.first()


@record_maker("invoice")
def _invoice(world):
    return Invoice.objects.create(
        contract=world.records["contract"], number="04409999", amount=30000, issued_on=timezone.localdate()
    )


url_argument("contract_id", record="contract")
url_argument("payment_id", record="payment")
url_argument("invoice_id", record="invoice")


@record_maker("contract_file")
def _contract_file(world):
    from django.core.files.base import ContentFile

    from atrium.contracts.models import ContractFile

    kept = ContractFile(
        contract=world.records["contract"], name="合同扫描件.pdf", content_type="application/pdf"
    )
    kept.file.save("sweep.pdf", ContentFile(b"%PDF-1.4 sweep"), save=False)
    kept.save()
    return kept


url_argument("file_id", record="contract_file")
