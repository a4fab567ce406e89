"""Payment and invoice pages of a contract: record a payment (allocated by the person or oldest instalment first,
with its receipt), download a receipt through the access layer, remove a payment or an invoice recorded by
mistake, record an invoice; and the customer's transaction history."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from atrium.contracts.forms import InvoiceForm, PaymentForm, place_allocation_errors
from atrium.contracts.models import Invoice, Payment
from atrium.contracts.receipts import check_receipt
from atrium.contracts.selectors import contract_get, instalments_of, transaction_history
from atrium.contracts.services import invoice_create, invoice_delete, payment_delete, payment_record
from atrium.core.access import get_visible, require
from atrium.core.errors import ValidationFailed
from atrium.core.form_submit import run_action, submit_form
from atrium.customers.selectors import customer_get


def _detail_url(contract_id: int) -> str:
    return reverse("contracts:detail", args=[contract_id])


@login_required
def payment_new(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = contract_get(request.user, contract_id)
    require(request.user, "payment", "create")
    instalments = instalments_of(contract)
    form = PaymentForm(
        request.POST or None, request.FILES or None, initial={"received_on": timezone.localdate()}
    )
    form.offer(instalments)

    def write(data: dict[str, Any]) -> Payment:
        receipt = check_receipt(data.get("receipt"))
        try:
            return payment_record(
                actor=request.user, data={**form.values(), "contract": contract.pk}, receipt=receipt
            )
        except ValidationFailed as exc:
            raise place_allocation_errors(form, exc) from None

    return submit_form(
        request,
        form,
        write,
        success=lambda p: _("A payment of ¥%(amount)s was recorded.") % {"amount": f"{p.amount:,.2f}"},
        redirect=_detail_url(contract.pk),
        template="contracts/payment_new.html",
        context={"form": form, "contract": contract, "instalments": instalments},
        allowed=lambda: require(request.user, "payment", "create"),
    )


@login_required
@require_GET
def payment_receipt(request: HttpRequest, payment_id: int) -> FileResponse:
    payment: Payment = get_visible(request.user, "payment", payment_id)
    if not payment.receipt:
        raise Http404()
    response = FileResponse(
        payment.receipt.open("rb"),
        content_type=payment.receipt_type or "application/octet-stream",
        as_attachment=not payment.receipt_type.startswith("image/"),
        filename=payment.receipt_name or "receipt",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def payment_delete_view(request: HttpRequest, payment_id: int) -> HttpResponse:
    payment: Payment = get_visible(request.user, "payment", payment_id)
    return run_action(
        request,
        lambda: payment_delete(actor=request.user, payment=payment),
        success=_("The payment was removed: its instalments expect that amount again."),
        redirect=_detail_url(payment.contract_id),
    )


@login_required
def invoice_new(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = contract_get(request.user, contract_id)
    require(request.user, "invoice", "create")
    form = InvoiceForm(request.POST or None, initial={"issued_on": timezone.localdate()})
    return submit_form(
        request,
        form,
        lambda data: invoice_create(actor=request.user, data={**data, "contract": contract.pk}),
        success=lambda i: _("Invoice %(number)s was recorded.") % {"number": i.number},
        redirect=_detail_url(contract.pk),
        template="contracts/invoice_new.html",
        context={"form": form, "contract": contract},
        allowed=lambda: require(request.user, "invoice", "create"),
    )


@login_required
@require_POST
def invoice_delete_view(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoice: Invoice = get_visible(request.user, "invoice", invoice_id)
    return run_action(
        request,
        lambda: invoice_delete(actor=request.user, invoice=invoice),
        success=_("The invoice was removed."),
        redirect=_detail_url(invoice.contract_id),
    )


@login_required
@require_GET
def customer_transactions(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = customer_get(request.user, customer_id)
    history = transaction_history(request.user, customer)
    return render(request, "contracts/transactions.html", {"customer": customer, "history": history})
