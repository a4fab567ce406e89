"""Contacts, leads (with convert) and follow-ups API."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from atrium.core.api.schemas import ERRORS, CursorPage
from atrium.customers import selectors, services
from atrium.customers.api.schemas import (
    ContactIn,
    ContactOut,
    ContactPatchIn,
    ConvertOut,
    FollowUpIn,
    FollowUpOut,
    FollowUpPatchIn,
    LeadConvertIn,
    LeadIn,
    LeadOut,
    LeadPatchIn,
    created_fields,
    sent_fields,
)
from atrium.customers.lists import CONTACTS, FOLLOWUPS, LEADS
from atrium.lists.api import api_list_page, api_params

router = Router(tags=["customers"])


# Contacts --------------------------------------------------------------------------------------------------


@router.get("/contacts", response={200: CursorPage[ContactOut], **ERRORS}, summary="Contacts")
def list_contacts(request: HttpRequest, params: Query[api_params(CONTACTS)]):  # type: ignore[valid-type]
    return api_list_page(request, CONTACTS)


@router.get("/contacts/{int:contact_id}", response={200: ContactOut, **ERRORS}, summary="One contact")
def get_contact(request: HttpRequest, contact_id: int):
    return selectors.contact_get(request.user, contact_id)


@router.post("/contacts", response={201: ContactOut, **ERRORS}, summary="Create a contact")
def create_contact(request: HttpRequest, payload: ContactIn):
    contact = services.contact_create(actor=request.user, data=created_fields(payload))
    return Status(201, selectors.contact_get(request.user, contact.pk))


@router.patch("/contacts/{int:contact_id}", response={200: ContactOut, **ERRORS}, summary="Edit a contact")
def patch_contact(request: HttpRequest, contact_id: int, payload: ContactPatchIn):
    data = sent_fields(payload, "version")
    services.contact_update(actor=request.user, contact=contact_id, data=data, version=payload.version)
    return selectors.contact_get(request.user, contact_id)


@router.delete("/contacts/{int:contact_id}", response={204: None, **ERRORS}, summary="Delete a contact")
def delete_contact(request: HttpRequest, contact_id: int):
    services.contact_delete(actor=request.user, contact=contact_id)
    return Status(204, None)


# Leads -----------------------------------------------------------------------------------------------------


@router.get("/leads", response={200: CursorPage[LeadOut], **ERRORS}, summary="Leads")
def list_leads(request: HttpRequest, params: Query[api_params(LEADS)]):  # type: ignore[valid-type]
    return api_list_page(request, LEADS)


@router.get("/leads/{int:lead_id}", response={200: LeadOut, **ERRORS}, summary="One lead")
def get_lead(request: HttpRequest, lead_id: int):
    return selectors.lead_get(request.user, lead_id)


@router.post("/leads", response={201: LeadOut, **ERRORS}, summary="Create a lead")
def create_lead(request: HttpRequest, payload: LeadIn):
    lead = services.lead_create(actor=request.user, data=created_fields(payload))
    return Status(201, selectors.lead_get(request.user, lead.pk))


@router.patch("/leads/{int:lead_id}", response={200: LeadOut, **ERRORS}, summary="Edit a lead")
def patch_lead(request: HttpRequest, lead_id: int, payload: LeadPatchIn):
    data = sent_fields(payload, "version")
    services.lead_update(actor=request.user, lead=lead_id, data=data, version=payload.version)
    return selectors.lead_get(request.user, lead_id)


@router.delete("/leads/{int:lead_id}", response={204: None, **ERRORS}, summary="Delete a lead")
def delete_lead(request: HttpRequest, lead_id: int):
    services.lead_delete(actor=request.user, lead=lead_id)
    return Status(204, None)


@router.post("/leads/{int:lead_id}/convert", response={200: ConvertOut, **ERRORS}, summary="Convert a lead")
def convert_lead(request: HttpRequest, lead_id: int, payload: LeadConvertIn):
    customer, contact = services.lead_convert(actor=request.user, lead=lead_id, data=payload.dict())
    return {"customer": customer, "contact": selectors.contact_get(request.user, contact.pk)}


# Follow-ups ------------------------------------------------------------------------------------------------


@router.get("/followups", response={200: CursorPage[FollowUpOut], **ERRORS}, summary="Follow-ups")
def list_followups(request: HttpRequest, params: Query[api_params(FOLLOWUPS)]):  # type: ignore[valid-type]
    return api_list_page(request, FOLLOWUPS)


@router.get("/followups/{int:followup_id}", response={200: FollowUpOut, **ERRORS}, summary="One follow-up")
def get_followup(request: HttpRequest, followup_id: int):
    return selectors.followup_get(request.user, followup_id)


@router.post("/followups", response={201: FollowUpOut, **ERRORS}, summary="Log a follow-up")
def create_followup(request: HttpRequest, payload: FollowUpIn):
    followup = services.followup_create(actor=request.user, data=created_fields(payload))
    return Status(201, selectors.followup_get(request.user, followup.pk))


@router.patch(
    "/followups/{int:followup_id}", response={200: FollowUpOut, **ERRORS}, summary="Edit a follow-up"
)
def patch_followup(request: HttpRequest, followup_id: int, payload: FollowUpPatchIn):
    data = sent_fields(payload, "version")
    services.followup_update(actor=request.user, followup=followup_id, data=data, version=payload.version)
    return selectors.followup_get(request.user, followup_id)


@router.delete("/followups/{int:followup_id}", response={204: None, **ERRORS}, summary="Delete a follow-up")
def delete_followup(request: HttpRequest, followup_id: int):
    services.followup_delete(actor=request.user, followup=followup_id)
    return Status(204, None)
