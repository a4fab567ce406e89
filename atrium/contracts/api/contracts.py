"""Contracts API: list (the ``contracts`` list spec), read, create from a won deal or an accepted quote (with its
payment plan, signed at once if asked), edit with version, sign / start / complete / terminate, delete a draft;
and the payment plan: read with each instalment's status for today, save as a whole with the contract's version.
A contract out of the caller's scope answers 404."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from ninja import Query, Router, Status

from atrium.contracts import selectors, services
from atrium.contracts.api.schemas import (
    ContractIn,
    ContractOut,
    ContractPatchIn,
    ContractStatusIn,
    InstalmentIn,
    PlanIn,
    PlanOut,
)
from atrium.contracts.lists import CONTRACTS
from atrium.contracts.models import Contract
from atrium.core.api.schemas import ERRORS, CursorPage
from atrium.lists.api import api_list_page, api_params

router = Router(tags=["contracts"])
ZERO = Decimal("0.00")


def _sent(payload: Any, *leave_out: str) -> dict[str, Any]:
    """Only what the caller sent (PATCH semantics)."""
    return {k: v for k, v in payload.dict(exclude_unset=True).items() if k not in leave_out}


def _instalments(rows: list[InstalmentIn]) -> list[dict[str, Any]]:
    return [row.dict(exclude_none=True) for row in rows]


def _contract(request: HttpRequest, contract_id: int) -> Contract:
    return selectors.contract_get(request.user, contract_id)


def _plan(request: HttpRequest, contract_id: int) -> dict[str, Any]:
    contract = _contract(request, contract_id)
    instalments = selectors.instalments_of(contract)
    return {
        "contract": contract.pk,
        "number": contract.number,
        "status": contract.status,
        "amount": contract.amount,
        "planned": sum((row.amount for row in instalments), ZERO),
        "received": contract.received,
        "outstanding": contract.outstanding,
        "version": contract.version,
        "instalments": instalments,
    }


@router.get("/contracts", response={200: CursorPage[ContractOut], **ERRORS}, summary="Contracts")
def list_contracts(request: HttpRequest, params: Query[api_params(CONTRACTS)]):  # type: ignore[valid-type]
    page = api_list_page(request, CONTRACTS)
    prefetch_related_objects(page.items, "contact", "deal", "quote")
    return page


@router.get("/contracts/{int:contract_id}", response={200: ContractOut, **ERRORS}, summary="One contract")
def get_contract(request: HttpRequest, contract_id: int):
    return _contract(request, contract_id)


@router.post("/contracts", response={201: ContractOut, **ERRORS}, summary="Create a contract of a deal")
def create_contract(request: HttpRequest, payload: ContractIn):
    data = _sent(payload, "instalments")
    data["instalments"] = _instalments(payload.instalments)
    # The API offers custom fields, so their required ones must be filled even when ``custom`` is left out.
    data["custom"] = data.get("custom") or {}
    contract = services.contract_create(actor=request.user, data=data)
    return Status(201, _contract(request, contract.pk))


@router.patch(
    "/contracts/{int:contract_id}", response={200: ContractOut, **ERRORS}, summary="Edit a contract"
)
def patch_contract(request: HttpRequest, contract_id: int, payload: ContractPatchIn):
    services.contract_update(
        actor=request.user, contract=contract_id, data=_sent(payload, "version"), version=payload.version
    )
    return _contract(request, contract_id)


@router.delete(
    "/contracts/{int:contract_id}", response={204: None, **ERRORS}, summary="Delete a draft contract"
)
def delete_contract(request: HttpRequest, contract_id: int):
    services.contract_delete(actor=request.user, contract=contract_id)
    return Status(204, None)


@router.post(
    "/contracts/{int:contract_id}/status",
    response={200: ContractOut, **ERRORS},
    summary="Sign, start, complete or terminate a contract",
)
def set_contract_status(request: HttpRequest, contract_id: int, payload: ContractStatusIn):
    services.contract_set_status(
        actor=request.user,
        contract=contract_id,
        status=payload.status,
        version=payload.version,
        reason=payload.reason or "",
    )
    return _contract(request, contract_id)


@router.get(
    "/contracts/{int:contract_id}/instalments",
    response={200: PlanOut, **ERRORS},
    summary="The payment plan of a contract",
)
def get_instalments(request: HttpRequest, contract_id: int):
    return _plan(request, contract_id)


@router.put(
    "/contracts/{int:contract_id}/instalments",
    response={200: PlanOut, **ERRORS},
    summary="Save the payment plan of a contract",
)
def save_instalments(request: HttpRequest, contract_id: int, payload: PlanIn):
    services.contract_plan_save(
        actor=request.user,
        contract=contract_id,
        instalments=_instalments(payload.instalments),
        version=payload.version,
    )
    return _plan(request, contract_id)
