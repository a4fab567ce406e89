"""The global search results page (/search/?q=), grouped by kind of record, each scoped to the user."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from atrium.core.errors import ValidationFailed
from atrium.core.search.params import parse_search_request
from atrium.core.search.query import search_grouped


@login_required
@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    if request.user.is_external:  # type: ignore[union-attr]
        raise Http404()  # clients have no search over the company's records
    q = (request.GET.get("q") or "").strip()
    try:
        wanted = parse_search_request(request.GET)
    except ValidationFailed as exc:
        return render(request, "web/search.html", {"q": q, "errors": exc.fields, "groups": []}, status=400)
    groups = search_grouped(request.user, wanted.q, wanted.kinds, wanted.limit)
    return render(request, "web/search.html", {"q": wanted.q, "groups": groups, "errors": {}})
