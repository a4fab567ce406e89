"""Deals API: list (the ``deals`` list spec), read, create, edit with version, move to a stage, delete."""

from __future__ import annotations

from typing import Any

from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from ninja import Query, Router, Status

from atrium.core.api.schemas import ERRORS, CursorPage
from atrium.lists.api import api_list_page, api_params
from atrium.sales import selectors, services
from atrium.sales.api.schemas import DealIn, DealMoveIn, DealOut, DealPatchIn
from atrium.sales.lists import DEALS

router = Router(tags=["sales"])


def _deal(request: HttpRequest, deal_id: int):
    """The deal as the caller sees it, with its contacts and collaborators loaded."""
    deal = selectors.deal_get(request.user, deal_id)
    prefetch_related_objects([deal], "contacts", "collaborators")
    return deal


def _sent(payload: Any, *leave_out: str) -> dict[str, Any]:
    """Only what the caller sent (PATCH semantics)."""
    return {k: v for k, v in payload.dict(exclude_unset=True).items() if k not in leave_out}


@router.get("/deals", response={200: CursorPage[DealOut], **ERRORS}, summary="Deals")
def list_deals(request: HttpRequest, params: Query[api_params(DEALS)]):  # type: ignore[valid-type]
    page = api_list_page(request, DEALS)
    prefetch_related_objects(page.items, "contacts", "collaborators")
    return page


@router.get("/deals/{int:deal_id}", response={200: DealOut, **ERRORS}, summary="One deal")
def get_deal(request: HttpRequest, deal_id: int):
    return _deal(request, deal_id)


@router.post("/deals", response={201: DealOut, **ERRORS}, summary="Create a deal")
def create_deal(request: HttpRequest, payload: DealIn):
    data = _sent(payload)
    # The API offers custom fields, so their required ones must be filled even when ``custom`` is left out.
    data["custom"] = data.get("custom") or {}
    deal = services.deal_create(actor=request.user, data=data)
    return Status(201, _deal(request, deal.pk))


@router.patch("/deals/{int:deal_id}", response={200: DealOut, **ERRORS}, summary="Edit a deal")
def patch_deal(request: HttpRequest, deal_id: int, payload: DealPatchIn):
    services.deal_update(
        actor=request.user, deal=deal_id, data=_sent(payload, "version"), version=payload.version
    )
    return _deal(request, deal_id)


@router.post("/deals/{int:deal_id}/move", response={200: DealOut, **ERRORS}, summary="Move a deal to a stage")
def move_deal(request: HttpRequest, deal_id: int, payload: DealMoveIn):
    services.deal_move(
        actor=request.user,
        deal=deal_id,
        stage=payload.stage,
        version=payload.version,
        data=_sent(payload, "stage", "version"),
    )
    return _deal(request, deal_id)


@router.delete("/deals/{int:deal_id}", response={204: None, **ERRORS}, summary="Delete a deal")
def delete_deal(request: HttpRequest, deal_id: int):
    services.deal_delete(actor=request.user, deal=deal_id)
    return Status(204, None)
