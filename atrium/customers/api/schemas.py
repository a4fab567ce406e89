"""Schemas of the customers API: what records look like in JSON, and the request bodies."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Field, Schema

from atrium.core.api.schemas import InputSchema
from atrium.fields.selectors import custom_resolver


class UserRef(Schema):
    id: int
    name: str


class CustomerRef(Schema):
    id: int
    name: str


def user_ref(user: Any) -> dict[str, Any] | None:
    return {"id": user.pk, "name": user.name} if user is not None else None


class CustomerOut(Schema):
    custom: dict[str, Any] = Field(
        default_factory=dict, description="Custom fields the caller may see, by API key"
    )
    resolve_custom = custom_resolver("customer")
    id: int
    type: str
    name: str
    short_name: str
    industry: str
    source: str
    level: str
    status: str
    region: str
    address: str
    phone: str
    email: str
    website: str
    tags: list[str]
    notes: str
    owner: UserRef | None
    in_pool: bool
    is_archived: bool
    merged_into_id: int | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    last_followup_at: datetime.datetime | None
    next_followup_at: datetime.datetime | None
    version: int

    @staticmethod
    def resolve_owner(obj: Any) -> dict[str, Any] | None:
        return user_ref(obj.owner)


class ContactOut(Schema):
    custom: dict[str, Any] = Field(
        default_factory=dict, description="Custom fields the caller may see, by API key"
    )
    resolve_custom = custom_resolver("contact")
    id: int
    customer: CustomerRef
    name: str
    title: str
    phone: str
    mobile: str
    email: str
    wechat: str
    birthday: datetime.date | None
    is_primary: bool
    notes: str
    owner: UserRef | None
    created_at: datetime.datetime
    last_followup_at: datetime.datetime | None
    version: int

    @staticmethod
    def resolve_customer(obj: Any) -> dict[str, Any]:
        return {"id": obj.customer.pk, "name": obj.customer.name}

    @staticmethod
    def resolve_owner(obj: Any) -> dict[str, Any] | None:
        return user_ref(obj.customer.owner)


class LeadOut(Schema):
    custom: dict[str, Any] = Field(
        default_factory=dict, description="Custom fields the caller may see, by API key"
    )
    resolve_custom = custom_resolver("lead")
    id: int
    name: str
    company: str
    phone: str
    email: str
    source: str
    status: str
    address: str
    notes: str
    owner: UserRef | None
    converted_customer_id: int | None
    converted_contact_id: int | None
    converted_at: datetime.datetime | None
    created_at: datetime.datetime
    last_followup_at: datetime.datetime | None
    next_followup_at: datetime.datetime | None
    version: int

    @staticmethod
    def resolve_owner(obj: Any) -> dict[str, Any] | None:
        return user_ref(obj.owner)


class FollowUpOut(Schema):
    custom: dict[str, Any] = Field(
        default_factory=dict, description="Custom fields the caller may see, by API key"
    )
    resolve_custom = custom_resolver("followup")
    id: int
    customer_id: int | None
    contact_id: int | None
    lead_id: int | None
    type: str
    happened_at: datetime.datetime
    content: str
    outcome: str
    next_at: datetime.datetime | None
    next_action: str
    reminder_sent_at: datetime.datetime | None
    owner: UserRef
    created_at: datetime.datetime
    version: int

    @staticmethod
    def resolve_owner(obj: Any) -> dict[str, Any] | None:
        return user_ref(obj.owner)


class CustomerIn(InputSchema):
    custom: dict[str, Any] | None = Field(
        None, description="Custom field values by API key (GET /api/v1/fields?kind=customer)"
    )
    name: str = Field(..., max_length=200)
    type: str = ""
    short_name: str = Field("", max_length=100)
    industry: str = Field("", max_length=64)
    source: str = Field("", max_length=64)
    level: str = Field("", max_length=1)
    status: str = ""
    region: str = Field("", max_length=100)
    address: str = Field("", max_length=300)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    website: str = Field("", max_length=300)
    tags: list[str] = []
    notes: str = ""
    owner: int | None = Field(None, description="Another owner (assign right); omit for yourself")
    collaborators: list[int] = []
    force: bool = Field(False, description="Create even when a customer with the same name or phone exists")


class CustomerPatchIn(InputSchema):
    custom: dict[str, Any] | None = Field(
        None, description="Custom field values by API key (GET /api/v1/fields?kind=customer)"
    )
    version: int
    name: str | None = Field(None, max_length=200)
    type: str | None = None
    short_name: str | None = Field(None, max_length=100)
    industry: str | None = Field(None, max_length=64)
    source: str | None = Field(None, max_length=64)
    level: str | None = Field(None, max_length=1)
    status: str | None = None
    region: str | None = Field(None, max_length=100)
    address: str | None = Field(None, max_length=300)
    phone: str | None = Field(None, max_length=40)
    email: str | None = Field(None, max_length=254)
    website: str | None = Field(None, max_length=300)
    tags: list[str] | None = None
    notes: str | None = None
    collaborators: list[int] | None = None
    force: bool = Field(False, description="Save even when another customer has the new name or phone")


class ContactIn(InputSchema):
    custom: dict[str, Any] | None = Field(
        None, description="Custom field values by API key (GET /api/v1/fields?kind=contact)"
    )
    customer: int
    name: str = Field(..., max_length=100)
    title: str = Field("", max_length=100)
    phone: str = Field("", max_length=40)
    mobile: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    wechat: str = Field("", max_length=64)
    birthday: str | None = None
    is_primary: bool = False
    notes: str = ""


class ContactPatchIn(InputSchema):
    custom: dict[str, Any] | None = Field(
        None, description="Custom field values by API key (GET /api/v1/fields?kind=contact)"
    )
    version: int
    customer: int | None = None
    name: str | None = Field(None, max_length=100)
    title: str | None = Field(None, max_length=100)
    phone: str | None = Field(None, max_length=40)
    mobile: str | None = Field(None, max_length=40)
    email: str | None = Field(None, max_length=254)
    wechat: str | None = Field(None, max_length=64)
    birthday: str | None = None
    is_primary: bool | None = None
    notes: str | None = None


class LeadIn(InputSchema):
    custom: dict[str, Any] | None = Field(
        None, description="Custom field values by API key (GET /api/v1/fields?kind=lead)"
    )
    name: str = Field(..., max_length=100)
    company: str = Field("", max_length=200)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    source: str = Field("", max_length=64)
    status: str = ""
    address: str = Field("", max_length=300)
    notes: str = ""
    owner: int | None = None


class LeadPatchIn(InputSchema):
    custom: dict[str, Any] | None = Field(
        None, description="Custom field values by API key (GET /api/v1/fields?kind=lead)"
    )
    version: int
    name: str | None = Field(None, max_length=100)
    company: str | None = Field(None, max_length=200)
    phone: str | None = Field(None, max_length=40)
    email: str | None = Field(None, max_length=254)
    source: str | None = Field(None, max_length=64)
    status: str | None = None
    address: str | None = Field(None, max_length=300)
    notes: str | None = None


class LeadConvertIn(InputSchema):
    customer: dict[str, Any] = {}
    contact: dict[str, Any] = {}
    customer_id: int | None = Field(None, description="Attach to this existing customer instead")
    force: bool = False
    deal: dict[str, Any] | None = Field(
        None,
        description="Also create a deal (a conversion step of sales): {pipeline, title?, amount?}",
    )


class ConvertOut(Schema):
    customer: CustomerOut
    contact: ContactOut


class FollowUpIn(InputSchema):
    custom: dict[str, Any] | None = Field(
        None, description="Custom field values by API key (GET /api/v1/fields?kind=followup)"
    )
    customer: int | None = None
    contact: int | None = None
    lead: int | None = None
    type: str = ""
    happened_at: str | None = None
    content: str = Field(..., max_length=10000)
    outcome: str = Field("", max_length=300)
    next_at: str | None = None
    next_action: str = Field("", max_length=300)


class FollowUpPatchIn(InputSchema):
    custom: dict[str, Any] | None = Field(
        None, description="Custom field values by API key (GET /api/v1/fields?kind=followup)"
    )
    version: int
    type: str | None = None
    happened_at: str | None = None
    content: str | None = Field(None, max_length=10000)
    outcome: str | None = Field(None, max_length=300)
    next_at: str | None = None
    next_action: str | None = Field(None, max_length=300)


class TransferIn(InputSchema):
    to_user: int


class BulkIdsIn(InputSchema):
    ids: list[int]


class BulkTransferIn(InputSchema):
    ids: list[int]
    to_user: int


class MergeIn(InputSchema):
    keep: int
    merge: int


def sent_fields(payload: Schema, *leave_out: str) -> dict[str, Any]:
    """Only what the caller sent (PATCH semantics)."""
    return {k: v for k, v in payload.dict(exclude_unset=True).items() if k not in leave_out}


def created_fields(payload: Schema, *leave_out: str) -> dict[str, Any]:
    """What the caller sent for a new record; the API offers custom fields, so their required ones must be
    filled even when ``custom`` is left out."""
    data = sent_fields(payload, *leave_out)
    data["custom"] = data.get("custom") or {}
    return data
