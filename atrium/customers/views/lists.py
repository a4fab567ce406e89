"""The list pages of customers, contacts, leads and the pool.

A GET renders the whole page; an HTMX request (filter, sort, column choice, next page) gets only the list
screen fragment, which replaces the one on the page. Bad filter values are shown beside their field (400 on a
full page, the fragment with the messages for HTMX, which does not swap 4xx answers).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from atrium.customers.views.list_screen import build_screen


def wants_fragment(request: HttpRequest) -> bool:
    """An HTMX swap (but not HTMX restoring a page from history, which needs the whole page)."""
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )


def render_list(request: HttpRequest, list_key: str, params: QueryDict, status: int = 200) -> HttpResponse:
    screen = build_screen(request.user, list_key, params)
    fragment = wants_fragment(request)
    if screen.errors and status == 200 and not fragment:
        status = 400
    template = "customers/lists/_screen.html" if fragment else "customers/lists/page.html"
    response = render(request, template, {"screen": screen, "fragment": fragment}, status=status)
    if fragment and request.method == "GET":
        # The address bar shows the tidy query (no empty fields), which is also what a reload renders.
        response["HX-Push-Url"] = (
            f"{screen.url}?{screen.current_query}" if screen.current_query else screen.url
        )
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def customer_list(request: HttpRequest) -> HttpResponse:
    return render_list(request, "customers", request.GET)


@login_required
def contact_list(request: HttpRequest) -> HttpResponse:
    return render_list(request, "contacts", request.GET)


@login_required
def lead_list(request: HttpRequest) -> HttpResponse:
    return render_list(request, "leads", request.GET)


@login_required
def pool_list(request: HttpRequest) -> HttpResponse:
    return render_list(request, "pool", request.GET)
