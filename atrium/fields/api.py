"""API of custom-field definitions: list a kind's fields with types and options; admins create, edit, retire,
restore and delete them. Record values are in each record's ``custom`` object (the records' own APIs)."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from atrium.core.access import get_visible, require
from atrium.core.api.schemas import ERRORS, InputSchema
from atrium.core.errors import ValidationFailed
from atrium.fields.registry import custom_kind
from atrium.fields.selectors import definitions_of
from atrium.fields.services import field_create, field_delete, field_restore, field_retire, field_update

router = Router(tags=["custom fields"])


class OptionOut(Schema):
    value: str
    label: str
    color: str = ""
    retired: bool = False


class FieldOut(Schema):
    id: int
    kind: str
    key: str
    label: str
    label_en: str
    type: str = Field(alias="field_type")
    options: list[OptionOut]
    decimal_places: int | None
    help_text: str
    required: bool
    default: Any
    unique: bool
    section: str
    position: int
    visibility: dict[str, str]
    in_list: bool
    filterable: bool
    sortable: bool
    searchable: bool
    retired_at: datetime.datetime | None
    version: int


class FieldIn(InputSchema):
    kind: str
    label: str = Field(max_length=60)
    type: str
    key: str = Field("", max_length=40)
    label_en: str = Field("", max_length=60)
    options: list[dict[str, Any]] | list[str] = []
    decimal_places: int | None = None
    help_text: str = Field("", max_length=200)
    required: bool = False
    default: Any = None
    unique: bool = False
    section: str = Field("", max_length=40)
    position: int | None = None
    visibility: dict[str, str] = {}
    in_list: bool = False
    filterable: bool = True
    sortable: bool = False
    searchable: bool = False


class FieldPatchIn(InputSchema):
    version: int
    label: str | None = Field(None, max_length=60)
    type: str | None = None
    key: str | None = Field(None, max_length=40)
    label_en: str | None = Field(None, max_length=60)
    options: list[dict[str, Any]] | list[str] | None = None
    decimal_places: int | None = None
    help_text: str | None = Field(None, max_length=200)
    required: bool | None = None
    default: Any = None
    unique: bool | None = None
    section: str | None = Field(None, max_length=40)
    position: int | None = None
    visibility: dict[str, str] | None = None
    in_list: bool | None = None
    filterable: bool | None = None
    sortable: bool | None = None
    searchable: bool | None = None


class VersionIn(InputSchema):
    version: int


class DeleteIn(InputSchema):
    confirm: str = Field(description="The field's label, to confirm")


class KindQuery(Schema):
    kind: str = Field("", description="customer, contact, lead or followup")
    retired: bool = False


def _data(payload: Schema, *leave_out: str) -> dict[str, Any]:
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if k not in leave_out}
    if "type" in data:
        data["field_type"] = data.pop("type")
    return data


@router.get("/fields", response={200: list[FieldOut], **ERRORS}, summary="Custom fields of a kind")
def list_fields(request: HttpRequest, query: Query[KindQuery]):
    require(request.user, "custom_field", "view")
    if custom_kind(query.kind) is None:
        raise ValidationFailed({"kind": [_("This kind of record has no custom fields.")]})
    return definitions_of(query.kind, retired=query.retired)


@router.post("/fields", response={201: FieldOut, **ERRORS}, summary="Add a custom field")
def create_field(request: HttpRequest, payload: FieldIn):
    data = _data(payload, "kind")
    return Status(201, field_create(actor=request.user, kind=payload.kind, data=data))


@router.get("/fields/{int:field_id}", response={200: FieldOut, **ERRORS}, summary="One custom field")
def get_field(request: HttpRequest, field_id: int):
    return get_visible(request.user, "custom_field", field_id)


@router.patch("/fields/{int:field_id}", response={200: FieldOut, **ERRORS}, summary="Edit a custom field")
def patch_field(request: HttpRequest, field_id: int, payload: FieldPatchIn):
    data = _data(payload, "version")
    return field_update(actor=request.user, field=field_id, data=data, version=payload.version)


@router.post(
    "/fields/{int:field_id}/retire", response={200: FieldOut, **ERRORS}, summary="Retire a custom field"
)
def retire_field(request: HttpRequest, field_id: int, payload: VersionIn):
    return field_retire(actor=request.user, field=field_id, version=payload.version)


@router.post(
    "/fields/{int:field_id}/restore", response={200: FieldOut, **ERRORS}, summary="Restore a custom field"
)
def restore_field(request: HttpRequest, field_id: int, payload: VersionIn):
    return field_restore(actor=request.user, field=field_id, version=payload.version)


@router.post(
    "/fields/{int:field_id}/delete", response={200: dict[str, int], **ERRORS}, summary="Delete a custom field"
)
def delete_field(request: HttpRequest, field_id: int, payload: DeleteIn):
    return {"values_removed": field_delete(actor=request.user, field=field_id, confirm=payload.confirm)}
