"""What the record pages (customers, contacts, leads, follow-ups, settings) share: sign-in required, the
access layer's refusals as pages (404 missing or out of reach, 403 visible but not allowed), and forms that are
re-rendered in place by HTMX or as a whole page without JavaScript."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from atrium.core.errors import ServiceError


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def go_to(request: HttpRequest, url: str) -> HttpResponse:
    """After a successful write: HTMX follows with a full page load, a plain form post with a redirect."""
    if is_htmx(request):
        response = HttpResponse()
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def render_form(
    request: HttpRequest, page: str, fragment: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """The form alone (with its errors) for HTMX, which swaps it in place; else the whole page. HTMX does not
    swap 4xx answers, so the fragment answers 200 and says the outcome in ``X-Form-Status``."""
    if is_htmx(request):
        response = render(request, fragment, context)
        response["X-Form-Status"] = str(status)
        return response
    return render(request, page, context, status=status)


def first_message(exc: ServiceError) -> str:
    """The one line to show for a refused action: the first field message, else the overall one."""
    for field_messages in exc.fields.values():
        if field_messages:
            return field_messages[0]
    return exc.message
