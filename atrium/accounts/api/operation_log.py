"""API of the operation log: read-only, cursor pages, the same filters and scope as the page."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from atrium.accounts.selectors.operation_log import (
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    operation_log_page,
    parse_operation_log_filters,
)
from atrium.core.api.schemas import ERRORS, CursorPage

router = Router(tags=["operation log"])


class OperationLogQuery(Schema):
    person: int | None = Field(None, description="Id of the person who acted")
    kind: str = Field("", description="Kind of record, e.g. user, role, api_token")
    record: str = Field("", description="Id of the record")
    action: str = Field("", description="create, update, delete, login, logout, login_failed, export, …")
    date_from: datetime.date | None = Field(None, description="First day, in the site's time zone")
    date_to: datetime.date | None = Field(None, description="Last day, in the site's time zone")
    cursor: str | None = None
    limit: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class OperationLogOut(Schema):
    id: int
    created_at: datetime.datetime
    actor_id: int | None
    actor_name: str
    ip: str | None
    action: str
    kind: str
    object_id: str
    object_repr: str
    changes: dict
    summary: str


@router.get(
    "/operation-log",
    response={200: CursorPage[OperationLogOut], **ERRORS},
    summary="Operation log entries, newest first",
)
def operation_log_list(request: HttpRequest, query: Query[OperationLogQuery]):
    filters = parse_operation_log_filters(query.dict(exclude={"cursor", "limit"}))
    page = operation_log_page(request.user, filters, query.cursor, query.limit)
    return {"items": page.items, "next_cursor": page.next_cursor}
