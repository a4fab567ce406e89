"""Customers API: list, read, create (duplicate check), edit with version, delete, pool and merge actions."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from atrium.core.api.schemas import ERRORS, CursorPage
from atrium.customers import selectors, services
from atrium.customers.api.schemas import (
    BulkIdsIn,
    BulkTransferIn,
    CustomerIn,
    CustomerOut,
    CustomerPatchIn,
    MergeIn,
    TransferIn,
    created_fields,
    sent_fields,
)
from atrium.customers.lists import CUSTOMERS, POOL
from atrium.lists.api import api_list_page, api_params

router = Router(tags=["customers"])


@router.get("/customers", response={200: CursorPage[CustomerOut], **ERRORS}, summary="Customers")
def list_customers(request: HttpRequest, params: Query[api_params(CUSTOMERS)]):  # type: ignore[valid-type]
    return api_list_page(request, CUSTOMERS)


@router.get("/customers/pool", response={200: CursorPage[CustomerOut], **ERRORS}, summary="The customer pool")
def list_pool(request: HttpRequest, params: Query[api_params(POOL)]):  # type: ignore[valid-type]
    return api_list_page(request, POOL)


@router.get("/customers/{int:customer_id}", response={200: CustomerOut, **ERRORS}, summary="One customer")
def get_customer(request: HttpRequest, customer_id: int):
    return selectors.customer_get(request.user, customer_id)


@router.post("/customers", response={201: CustomerOut, **ERRORS}, summary="Create a customer")
def create_customer(request: HttpRequest, payload: CustomerIn):
    data = created_fields(payload, "force")
    customer = services.customer_create(actor=request.user, data=data, force=payload.force)
    return Status(201, selectors.customer_get(request.user, customer.pk))


@router.patch(
    "/customers/{int:customer_id}", response={200: CustomerOut, **ERRORS}, summary="Edit a customer"
)
def patch_customer(request: HttpRequest, customer_id: int, payload: CustomerPatchIn):
    data = sent_fields(payload, "version", "force")
    services.customer_update(
        actor=request.user, customer=customer_id, data=data, version=payload.version, force=payload.force
    )
    return selectors.customer_get(request.user, customer_id)


@router.delete("/customers/{int:customer_id}", response={204: None, **ERRORS}, summary="Delete a customer")
def delete_customer(request: HttpRequest, customer_id: int):
    services.customer_delete(actor=request.user, customer=customer_id)
    return Status(204, None)


@router.post("/customers/merge", response={200: CustomerOut, **ERRORS}, summary="Merge two customers")
def merge_customers(request: HttpRequest, payload: MergeIn):
    kept = services.customers_merge(actor=request.user, keep=payload.keep, merge=payload.merge)
    return selectors.customer_get(request.user, kept.pk)


@router.post("/customers/transfer", response={200: list[CustomerOut], **ERRORS}, summary="Transfer customers")
def transfer_customers(request: HttpRequest, payload: BulkTransferIn):
    return services.customers_transfer(actor=request.user, ids=payload.ids, to_user=payload.to_user)


@router.post("/customers/claim", response={200: list[CustomerOut], **ERRORS}, summary="Claim pool customers")
def claim_customers(request: HttpRequest, payload: BulkIdsIn):
    return services.customers_claim(actor=request.user, ids=payload.ids)


@router.post(
    "/customers/{int:customer_id}/claim", response={200: CustomerOut, **ERRORS}, summary="Claim from the pool"
)
def claim_customer(request: HttpRequest, customer_id: int):
    services.customer_claim(actor=request.user, customer=customer_id)
    return selectors.customer_get(request.user, customer_id)


@router.post(
    "/customers/{int:customer_id}/release",
    response={200: CustomerOut, **ERRORS},
    summary="Release to the pool",
)
def release_customer(request: HttpRequest, customer_id: int):
    services.customer_release(actor=request.user, customer=customer_id)
    return selectors.customer_get(request.user, customer_id)


@router.post(
    "/customers/{int:customer_id}/transfer",
    response={200: CustomerOut, **ERRORS},
    summary="Transfer a customer",
)
def transfer_customer(request: HttpRequest, customer_id: int, payload: TransferIn):
    (customer,) = services.customers_transfer(actor=request.user, ids=[customer_id], to_user=payload.to_user)
    return customer
