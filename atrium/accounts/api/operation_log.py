"""API of the operation log: read-only cursor pages of the list engine's "operation_log" list, with the
same filters, scope and parser as the page (unknown parameters answer 400 naming them)."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Query, Router, Schema

from atrium.accounts.lists import OPERATION_LOG
from atrium.core.api.schemas import ERRORS, CursorPage
from atrium.lists.api import api_list_page, api_params

router = Router(tags=["operation log"])


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
def operation_log_list(request: HttpRequest, params: Query[api_params(OPERATION_LOG)]):  # type: ignore[valid-type]
    return api_list_page(request, OPERATION_LOG)
