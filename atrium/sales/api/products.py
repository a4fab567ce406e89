"""Products API: the catalogue (the list spec ``products``: cursor pages, its filters), one product, create,
edit with ``version`` (409 when stale), delete. Everyone in sales reads it; who keeps the catalogue writes it.
Prices and tax rates are strings with two decimals ("128.00"); a request may send text or a number."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from atrium.core.access import get_visible, require
from atrium.core.api.schemas import ERRORS, CursorPage, InputSchema
from atrium.lists.api import api_list_page, api_params
from atrium.sales.api.schemas import AMOUNT_HELP, Amount, Money
from atrium.sales.product_lists import PRODUCTS
from atrium.sales.services.quotes import product_create, product_delete, product_update

router = Router(tags=["sales"])
PERCENT_HELP = "Percent, 0–100, at most two decimals: a string (preferred) or a number"


class ProductOut(Schema):
    id: int
    name: str
    category: str
    unit: str
    unit_price: Money = Field(..., description='Yuan with two decimals, e.g. "128.00"')
    tax_rate: Money = Field(..., description='Percent with two decimals, e.g. "9.00"')
    is_active: bool
    description: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    version: int


class ProductIn(InputSchema):
    name: str = Field(..., max_length=120)
    category: str = Field("", max_length=60)
    unit: str = Field("项", max_length=12)
    unit_price: Amount = Field(None, description=AMOUNT_HELP)
    tax_rate: Amount = Field(None, description=PERCENT_HELP)
    is_active: bool = True
    description: str = Field("", max_length=2000)


class ProductPatchIn(InputSchema):
    version: int
    name: str | None = Field(None, max_length=120)
    category: str | None = Field(None, max_length=60)
    unit: str | None = Field(None, max_length=12)
    unit_price: Amount = Field(None, description=AMOUNT_HELP)
    tax_rate: Amount = Field(None, description=PERCENT_HELP)
    is_active: bool | None = None
    description: str | None = Field(None, max_length=2000)


def _product(request: HttpRequest, product_id: int):
    require(request.user, "product", "view")
    return get_visible(request.user, "product", product_id)


def _sent(payload: Any, *leave_out: str) -> dict[str, Any]:
    """Only what the caller sent (PATCH semantics)."""
    return {k: v for k, v in payload.dict(exclude_unset=True).items() if k not in leave_out}


@router.get("/products", response={200: CursorPage[ProductOut], **ERRORS}, summary="Products and services")
def list_products(request: HttpRequest, params: Query[api_params(PRODUCTS)]):  # type: ignore[valid-type]
    return api_list_page(request, PRODUCTS)


@router.get("/products/{int:product_id}", response={200: ProductOut, **ERRORS}, summary="One product")
def get_product(request: HttpRequest, product_id: int):
    return _product(request, product_id)


@router.post("/products", response={201: ProductOut, **ERRORS}, summary="Add a product or service")
def create_product(request: HttpRequest, payload: ProductIn):
    product = product_create(actor=request.user, data=_sent(payload))
    return Status(201, _product(request, product.pk))


@router.patch("/products/{int:product_id}", response={200: ProductOut, **ERRORS}, summary="Edit a product")
def patch_product(request: HttpRequest, product_id: int, payload: ProductPatchIn):
    product_update(
        actor=request.user, product=product_id, data=_sent(payload, "version"), version=payload.version
    )
    return _product(request, product_id)


@router.delete("/products/{int:product_id}", response={204: None, **ERRORS}, summary="Delete a product")
def delete_product(request: HttpRequest, product_id: int):
    product_delete(actor=request.user, product=product_id)
    return Status(204, None)
