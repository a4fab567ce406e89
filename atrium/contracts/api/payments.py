"""Payments and invoices API: payments received (the ``payments`` list spec), recorded against a signed contract
and allocated to its instalments (the named ones, or oldest first), read, removed; invoices of the contracts the
caller sees (a cursor page, filter ``contract``), issued, read, removed. A payment or an invoice out of the
caller's scope answers 404."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status

from atrium.contracts import services
from atrium.contracts.api.schemas import InvoiceIn, InvoiceOut, InvoiceQuery, PaymentIn, PaymentOut
from atrium.contracts.lists import PAYMENTS
from atrium.contracts.models import Invoice, Payment, PaymentAllocation
from atrium.core.access import get_visible, require, visible
from atrium.core.api.schemas import ERRORS, CursorPage
from atrium.core.errors import ValidationFailed
from atrium.core.pagination import Page, keyset_page
from atrium.lists.api import api_list_page, api_params
from atrium.lists.filters import RecordFilter

router = Router(tags=["contracts"])
INVOICE_ORDER = ["-issued_on", "-id"]
# Invoices have no list of their own: the contract filter is the list engine's, so it parses the same way.
BY_CONTRACT = RecordFilter(name="contract", label=_("Contract"), field="contract")


def _sent(payload: Any, *leave_out: str) -> dict[str, Any]:
    return {k: v for k, v in payload.dict(exclude_unset=True).items() if k not in leave_out}


def _payment(request: HttpRequest, payment_id: int) -> Payment:
    """The payment as the caller sees it (404 otherwise), with its allocations and their instalments."""
    qs = Payment.objects.select_related("contract__customer", "created_by").prefetch_related(
        Prefetch("allocations", queryset=PaymentAllocation.objects.select_related("instalment"))
    )
    return get_visible(request.user, "payment", payment_id, qs)


def _invoices() -> QuerySet[Invoice]:
    return Invoice.objects.select_related("contract__customer", "created_by")


def _invoice(request: HttpRequest, invoice_id: int) -> Invoice:
    return get_visible(request.user, "invoice", invoice_id, _invoices())


# Payments ---------------------------------------------------------------------------------------------------


@router.get("/payments", response={200: CursorPage[PaymentOut], **ERRORS}, summary="Payments received")
def list_payments(request: HttpRequest, params: Query[api_params(PAYMENTS)]):  # type: ignore[valid-type]
    return api_list_page(request, PAYMENTS)


@router.post("/payments", response={201: PaymentOut, **ERRORS}, summary="Record a payment on a contract")
def record_payment(request: HttpRequest, payload: PaymentIn):
    data = _sent(payload, "allocations")
    data["allocations"] = [row.dict() for row in payload.allocations]
    payment = services.payment_record(actor=request.user, data=data)
    return Status(201, _payment(request, payment.pk))


@router.get("/payments/{int:payment_id}", response={200: PaymentOut, **ERRORS}, summary="One payment")
def get_payment(request: HttpRequest, payment_id: int):
    return _payment(request, payment_id)


@router.delete(
    "/payments/{int:payment_id}",
    response={204: None, **ERRORS},
    summary="Remove a payment recorded by mistake",
)
def delete_payment(request: HttpRequest, payment_id: int):
    services.payment_delete(actor=request.user, payment=payment_id)
    return Status(204, None)


# Invoices ---------------------------------------------------------------------------------------------------


@router.get("/invoices", response={200: CursorPage[InvoiceOut], **ERRORS}, summary="Invoices")
def list_invoices(request: HttpRequest, query: Query[InvoiceQuery]):
    require(request.user, "invoice", "view")
    errors: dict[str, list[str]] = {}
    contract = BY_CONTRACT.parse(request.GET, errors)
    if errors:
        raise ValidationFailed(errors)
    qs = visible(request.user, "invoice", _invoices())
    if contract is not None:
        qs = qs.filter(BY_CONTRACT.q(contract))
    page: Page[Invoice] = keyset_page(qs, INVOICE_ORDER, query.cursor, query.limit)
    return page


@router.post("/invoices", response={201: InvoiceOut, **ERRORS}, summary="Record an invoice of a contract")
def create_invoice(request: HttpRequest, payload: InvoiceIn):
    invoice = services.invoice_create(actor=request.user, data=_sent(payload))
    return Status(201, _invoice(request, invoice.pk))


@router.get("/invoices/{int:invoice_id}", response={200: InvoiceOut, **ERRORS}, summary="One invoice")
def get_invoice(request: HttpRequest, invoice_id: int):
    return _invoice(request, invoice_id)


@router.delete("/invoices/{int:invoice_id}", response={204: None, **ERRORS}, summary="Remove an invoice")
def delete_invoice(request: HttpRequest, invoice_id: int):
    services.invoice_delete(actor=request.user, invoice=invoice_id)
    return Status(204, None)
