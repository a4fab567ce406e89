"""API of personal API tokens: list, create (the token text is in the answer this once), revoke."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from pydantic import field_validator

from atrium.accounts.selectors.tokens import require_api_tokens, tokens_of
from atrium.accounts.services import token_create, token_revoke
from atrium.core.api.schemas import ERRORS, InputSchema

router = Router(tags=["tokens"])


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None
    expires_at: datetime.datetime | None
    revoked_at: datetime.datetime | None


class TokenCreatedOut(TokenOut):
    token: str = Field(description="The token itself; shown only in this answer, store it now")


class TokenIn(InputSchema):
    name: str = Field(max_length=100)
    expires_at: datetime.datetime | None = None

    @field_validator("expires_at")
    @classmethod
    def _in_site_time_zone(cls, value: datetime.datetime | None) -> datetime.datetime | None:
        """A time without a zone is read in the site's time zone (Asia/Shanghai by default)."""
        return timezone.make_aware(value) if value is not None and timezone.is_naive(value) else value


@router.get("/tokens", response={200: list[TokenOut], **ERRORS}, summary="My API tokens")
def token_list(request: HttpRequest):
    require_api_tokens(request.user)
    return list(tokens_of(request.user))


@router.post("/tokens", response={201: TokenCreatedOut, **ERRORS}, summary="Create an API token")
def token_new(request: HttpRequest, payload: TokenIn):
    require_api_tokens(request.user)
    token, raw = token_create(actor=request.user, name=payload.name, expires_at=payload.expires_at)
    return Status(201, {**TokenOut.model_validate(token).model_dump(), "token": raw})


@router.delete("/tokens/{token_id}", response={204: None, **ERRORS}, summary="Revoke one of my API tokens")
def token_delete(request: HttpRequest, token_id: int):
    require_api_tokens(request.user)
    token_revoke(actor=request.user, token_id=token_id)
    return Status(204, None)
