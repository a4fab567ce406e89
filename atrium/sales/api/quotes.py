"""Quotes API: the quotes the caller sees (the list spec ``quotes``, filter ``deal``), a new quote of a deal
(its first version, a draft, with its lines), one quote with the summary of its versions, one version with its
lines, totals (strings with two decimals) and the total in Chinese capitals, saving a draft (``version`` of
the draft: 409 when stale; a frozen version answers 400 with code "frozen"), a new version (a copy of the
latest), marking a version sent, accepted or asked to change, its PDF, and deleting a quote never sent.
A quote follows its deal: whoever may not see the deal gets 404."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from pydantic import StrictFloat, StrictInt, StrictStr

from atrium.core.api.schemas import ERRORS, CursorPage, InputSchema
from atrium.core.errors import NotFound
from atrium.lists.api import api_list_page, api_params
from atrium.sales import selectors
from atrium.sales.api.schemas import Money, Quantity, Ref
from atrium.sales.models import QuoteVersion
from atrium.sales.money import rmb_upper
from atrium.sales.product_lists import QUOTES
from atrium.sales.quote_pdf import pdf_file_name, quote_pdf
from atrium.sales.services.quotes import (
    quote_create,
    quote_delete,
    quote_version_mark,
    quote_version_new,
    quote_version_save,
)

router = Router(tags=["sales"])
Number = StrictStr | StrictInt | StrictFloat | None


def _money(value: Any) -> str | None:
    return None if value is None else f"{value:.2f}"


def _ref(obj: Any, name: str = "name") -> dict[str, Any]:
    return {"id": obj.pk, "name": str(getattr(obj, name))}


# Schemas ----------------------------------------------------------------------------------------------------


class LatestOut(Schema):
    number: int
    status: str
    total: str


class QuoteRowOut(Schema):
    id: int
    number: str
    title: str
    deal: Ref
    customer: Ref
    latest: LatestOut | None = Field(None, description="The latest version: its number, status and total")
    created_at: datetime.datetime
    version: int

    @staticmethod
    def resolve_deal(obj: Any) -> dict[str, Any]:
        return _ref(obj.deal, "title")

    @staticmethod
    def resolve_customer(obj: Any) -> dict[str, Any]:
        return _ref(obj.deal.customer)

    @staticmethod
    def resolve_latest(obj: Any) -> dict[str, Any] | None:
        if getattr(obj, "latest_number", None) is None:
            return None
        return {"number": obj.latest_number, "status": obj.latest_status, "total": _money(obj.latest_total)}


class VersionSummaryOut(Schema):
    number: int
    status: str
    total: Money
    valid_until: datetime.date | None
    sent_at: datetime.datetime | None
    accepted_at: datetime.datetime | None
    created_at: datetime.datetime
    version: int


class QuoteOut(Schema):
    id: int
    number: str
    title: str
    deal: Ref
    customer: Ref
    versions: list[VersionSummaryOut]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    version: int

    @staticmethod
    def resolve_deal(obj: Any) -> dict[str, Any]:
        return _ref(obj.deal, "title")

    @staticmethod
    def resolve_customer(obj: Any) -> dict[str, Any]:
        return _ref(obj.deal.customer)

    @staticmethod
    def resolve_versions(obj: Any) -> list[Any]:
        return sorted(obj.versions.all(), key=lambda v: v.number)


class LineOut(Schema):
    position: int
    product: int | None = Field(None, description="The catalogue's product, if the line was chosen from it")
    description: str
    unit: str
    quantity: Quantity = Field(..., description='Three decimals, e.g. "35.500"')
    unit_price: Money
    discount_percent: Money
    tax_rate: Money
    gross: Money
    discount: Money
    net: Money
    tax: Money
    total: Money

    @staticmethod
    def resolve_product(obj: Any) -> int | None:
        return obj.product_id

    @staticmethod
    def resolve_tax(obj: Any) -> Any:
        return obj.line_tax


class VersionOut(Schema):
    quote: int
    number: int
    status: str
    valid_until: datetime.date | None
    terms: str
    lines: list[LineOut]
    subtotal: Money
    discount: Money
    tax: Money
    total: Money
    total_in_words: str = Field(
        ..., description="The total in Chinese capitals (大写), as contracts write it"
    )
    sent_at: datetime.datetime | None
    accepted_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    version: int = Field(..., description="Send it back to save this draft or change its status")

    @staticmethod
    def resolve_quote(obj: Any) -> int:
        return obj.quote_id

    @staticmethod
    def resolve_lines(obj: Any) -> list[Any]:
        return list(obj.lines.order_by("position", "id"))

    @staticmethod
    def resolve_total_in_words(obj: Any) -> str:
        return rmb_upper(obj.total)


class LineIn(InputSchema):
    product: int | None = Field(
        None, description="A product of the catalogue: its name, unit, price and tax rate are the defaults"
    )
    description: str | None = Field(None, max_length=200)
    unit: str | None = Field(None, max_length=12)
    quantity: Number = Field(None, description="More than 0, at most three decimals")
    unit_price: Number = Field(None, description="Yuan, at most two decimals")
    discount_percent: Number = Field(None, description="0–100")
    tax_rate: Number = Field(None, description="0–100")


class QuoteIn(InputSchema):
    deal: int
    title: str | None = Field(None, max_length=120, description="Omit for the deal's title")
    valid_until: str | None = Field(None, description="YYYY-MM-DD; omit for 30 days from today")
    terms: str | None = Field(None, max_length=5000)
    lines: list[LineIn] = Field([], max_length=200)


class VersionSaveIn(InputSchema):
    version: int = Field(..., description="The draft's version as read")
    lines: list[LineIn] | None = Field(
        None, max_length=200, description="All the lines (they replace the old ones)"
    )
    valid_until: str | None = Field(None, description="YYYY-MM-DD")
    terms: str | None = Field(None, max_length=5000)


class StatusIn(InputSchema):
    status: Literal["sent", "accepted", "changes_requested"]
    version: int = Field(..., description="The version's version as read")


# Reads ------------------------------------------------------------------------------------------------------


def _quote(request: HttpRequest, quote_id: int):
    quote = selectors.quote_get(request.user, quote_id)
    versions = Prefetch("versions", queryset=QuoteVersion.objects.order_by("number"))
    prefetch_related_objects([quote], versions)
    return quote


def _version(request: HttpRequest, quote_id: int, number: int) -> tuple[Any, QuoteVersion]:
    quote = selectors.quote_get(request.user, quote_id)
    version = QuoteVersion.objects.filter(quote=quote, number=number).first()
    if version is None:
        raise NotFound()
    return quote, version


def _lines(payload_lines: list[LineIn] | None) -> list[dict[str, Any]] | None:
    if payload_lines is None:
        return None
    return [line.dict(exclude_none=True) for line in payload_lines]


# Routes -----------------------------------------------------------------------------------------------------


@router.get("/quotes", response={200: CursorPage[QuoteRowOut], **ERRORS}, summary="Quotes")
def list_quotes(request: HttpRequest, params: Query[api_params(QUOTES)]):  # type: ignore[valid-type]
    return api_list_page(request, QUOTES)


@router.post("/quotes", response={201: QuoteOut, **ERRORS}, summary="Create a quote of a deal")
def create_quote(request: HttpRequest, payload: QuoteIn):
    data = payload.dict(exclude_unset=True, exclude={"deal", "lines"})
    data["lines"] = _lines(payload.lines)
    quote = quote_create(actor=request.user, deal=payload.deal, data=data)
    return Status(201, _quote(request, quote.pk))


@router.get(
    "/quotes/{int:quote_id}", response={200: QuoteOut, **ERRORS}, summary="One quote and its versions"
)
def get_quote(request: HttpRequest, quote_id: int):
    return _quote(request, quote_id)


@router.delete("/quotes/{int:quote_id}", response={204: None, **ERRORS}, summary="Delete a quote never sent")
def delete_quote(request: HttpRequest, quote_id: int):
    quote_delete(actor=request.user, quote=selectors.quote_get(request.user, quote_id))
    return Status(204, None)


@router.post(
    "/quotes/{int:quote_id}/versions", response={201: VersionOut, **ERRORS}, summary="Start a new version"
)
def new_version(request: HttpRequest, quote_id: int):
    version = quote_version_new(actor=request.user, quote=selectors.quote_get(request.user, quote_id))
    return Status(201, _version(request, quote_id, version.number)[1])


@router.get(
    "/quotes/{int:quote_id}/versions/{int:number}",
    response={200: VersionOut, **ERRORS},
    summary="One version with its lines and totals",
)
def get_version(request: HttpRequest, quote_id: int, number: int):
    return _version(request, quote_id, number)[1]


@router.put(
    "/quotes/{int:quote_id}/versions/{int:number}",
    response={200: VersionOut, **ERRORS},
    summary="Save a draft version",
)
def save_version(request: HttpRequest, quote_id: int, number: int, payload: VersionSaveIn):
    quote, _current = _version(request, quote_id, number)
    data = payload.dict(exclude_unset=True, exclude={"version", "lines"})
    lines = _lines(payload.lines)
    if lines is not None:
        data["lines"] = lines
    quote_version_save(actor=request.user, quote=quote, number=number, data=data, version=payload.version)
    return _version(request, quote_id, number)[1]


@router.post(
    "/quotes/{int:quote_id}/versions/{int:number}/status",
    response={200: VersionOut, **ERRORS},
    summary="Mark a version sent, accepted or asked to change",
)
def mark_version(request: HttpRequest, quote_id: int, number: int, payload: StatusIn):
    quote, _current = _version(request, quote_id, number)
    quote_version_mark(
        actor=request.user, quote=quote, number=number, status=payload.status, version=payload.version
    )
    return _version(request, quote_id, number)[1]


@router.get(
    "/quotes/{int:quote_id}/versions/{int:number}/pdf",
    response={200: None, **ERRORS},
    summary="The PDF of a version",
    openapi_extra={
        "responses": {200: {"description": "The quote as a PDF", "content": {"application/pdf": {}}}}
    },
)
def version_pdf(request: HttpRequest, quote_id: int, number: int):
    quote, version = _version(request, quote_id, number)
    response = HttpResponse(quote_pdf(quote, version), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf_file_name(quote, version)}"'
    response["Cache-Control"] = "private, no-store"
    return response
