"""Global search: ``GET /api/v1/search?q=&kinds=customer,contact,lead&limit=``.

Answers ``{"items": [{"kind", "id", "title", "subtitle", "url"}]}``, at most ``limit`` (1–50, default 10) per
kind, grouped by kind, each kind scoped to what the caller may see. Bad parameters answer 400 with a message per
parameter; an empty query (or one without letters, digits or CJK characters) answers no items.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from atrium.core.api.schemas import ERRORS
from atrium.core.errors import NotFound
from atrium.core.search.params import parse_search_request
from atrium.core.search.query import search_everything

router = Router(tags=["search"])


class SearchHitOut(Schema):
    kind: str
    id: int
    title: str
    subtitle: str
    url: str | None


class SearchOut(Schema):
    items: list[SearchHitOut]


@router.get("", response={200: SearchOut, **ERRORS}, summary="Search customers, contacts, leads …")
def search(request: HttpRequest, q: str = "", kinds: str = "", limit: str = ""):
    if getattr(request.user, "is_external", False):
        raise NotFound()  # external people (clients) have no search over the company's records
    wanted = parse_search_request({"q": q, "kinds": kinds, "limit": limit})
    return {"items": search_everything(request.user, wanted.q, wanted.kinds, wanted.limit)}
