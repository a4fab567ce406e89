"""Schemas of the sales API: what pipelines, stages and deals look like in JSON, and the request bodies."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import PlainSerializer, StrictFloat, StrictInt, StrictStr, WithJsonSchema

from atrium.core.api.schemas import InputSchema
from atrium.fields.selectors import custom_resolver

# An amount is sent as text ("128000.50", "¥128,000") or a number; the service cleans it to two decimals.
Amount = StrictStr | StrictInt | StrictFloat | None
AMOUNT_HELP = "Yuan, at most two decimals: a string (preferred, exact) or a number; null clears it"


def _places(places: int) -> Any:
    """A Decimal written as a string with exactly ``places`` decimals ("128000.00"): money is never a float."""
    return (
        PlainSerializer(lambda value: f"{value:.{places}f}", return_type=str),
        WithJsonSchema({"type": "string", "pattern": rf"^-?\d+\.\d{{{places}}}$"}),
    )


# Amounts of money (fen) and quantities (three decimals) in answers.
Money = Annotated[Decimal, *_places(2)]
Quantity = Annotated[Decimal, *_places(3)]


class Ref(Schema):
    id: int
    name: str


class StageRef(Schema):
    id: int
    name: str
    kind: str
    probability: int


class StageOut(Schema):
    id: int
    name: str
    position: int
    probability: int
    kind: str
    color: str
    required_fields: list[str]


class PipelineOut(Schema):
    id: int
    name: str
    position: int
    is_active: bool
    stages: list[StageOut]

    @staticmethod
    def resolve_stages(obj: Any) -> list[Any]:
        return sorted(obj.stages.all(), key=lambda stage: (stage.position, stage.pk))


def _ref(obj: Any) -> dict[str, Any] | None:
    return {"id": obj.pk, "name": str(obj.name)} if obj is not None else None


class DealOut(Schema):
    custom: dict[str, Any] = Field(
        default_factory=dict, description="Custom fields the caller may see, by API key"
    )
    resolve_custom = custom_resolver("deal")
    id: int
    title: str
    customer: Ref
    pipeline: Ref
    stage: StageRef
    state: str
    amount: Money | None = Field(None, description='Yuan with two decimals, e.g. "128000.50"')
    expected_close: datetime.date | None
    source: str
    lost_reason: str
    notes: str
    owner: Ref
    contacts: list[int] = Field(default_factory=list, description="Ids of the deal's contacts")
    collaborators: list[int] = Field(default_factory=list, description="Ids of the deal's collaborators")
    stage_entered_at: datetime.datetime
    closed_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    version: int

    @staticmethod
    def resolve_customer(obj: Any) -> dict[str, Any] | None:
        return _ref(obj.customer)

    @staticmethod
    def resolve_pipeline(obj: Any) -> dict[str, Any] | None:
        return _ref(obj.pipeline)

    @staticmethod
    def resolve_stage(obj: Any) -> dict[str, Any]:
        stage = obj.stage
        return {"id": stage.pk, "name": stage.name, "kind": stage.kind, "probability": stage.probability}

    @staticmethod
    def resolve_owner(obj: Any) -> dict[str, Any] | None:
        return _ref(obj.owner)

    @staticmethod
    def resolve_contacts(obj: Any) -> list[int]:
        return sorted(contact.pk for contact in obj.contacts.all())

    @staticmethod
    def resolve_collaborators(obj: Any) -> list[int]:
        return sorted(user.pk for user in obj.collaborators.all())


class DealIn(InputSchema):
    custom: dict[str, Any] | None = Field(
        None, description="Custom field values by API key (GET /api/v1/fields?kind=deal)"
    )
    title: str = Field(..., max_length=120)
    customer: int
    pipeline: int
    stage: int | None = Field(None, description="A stage of the pipeline; omit for its first open stage")
    amount: Amount = Field(None, description=AMOUNT_HELP)
    expected_close: str | None = Field(None, description="YYYY-MM-DD")
    contacts: list[int] = Field([], description="Contacts of the deal's customer")
    collaborators: list[int] = []
    owner: int | None = Field(None, description="Another owner (assign right); omit for yourself")
    source: str = Field("", max_length=64)
    lost_reason: str = Field("", max_length=64, description="Required when the stage is a lost one")
    notes: str = Field("", max_length=10000)


class DealPatchIn(InputSchema):
    custom: dict[str, Any] | None = Field(
        None, description="Custom field values by API key (GET /api/v1/fields?kind=deal)"
    )
    version: int
    title: str | None = Field(None, max_length=120)
    customer: int | None = None
    pipeline: int | None = Field(None, description="Another pipeline: send a stage of it too")
    stage: int | None = Field(None, description="Moves the deal, with the checks of POST …/move")
    amount: Amount = Field(None, description=AMOUNT_HELP)
    expected_close: str | None = Field(None, description="YYYY-MM-DD; null clears it")
    contacts: list[int] | None = Field(None, description="Replaces the deal's contacts")
    collaborators: list[int] | None = Field(None, description="Replaces the deal's collaborators")
    owner: int | None = Field(None, description="Transfer the deal (assign right)")
    source: str | None = Field(None, max_length=64)
    lost_reason: str | None = Field(None, max_length=64)
    notes: str | None = Field(None, max_length=10000)


class DealMoveIn(InputSchema):
    stage: int = Field(..., description="A stage of the deal's pipeline")
    version: int
    lost_reason: str | None = Field(None, max_length=64, description="Required to enter a lost stage")
    amount: Amount = Field(None, description=AMOUNT_HELP)
    expected_close: str | None = Field(None, description="YYYY-MM-DD")
