"""The one place where a refusal becomes a page: 403, 404 and 400 (and 500) in the app's shell, in the
person's language.

``RefusalPageMiddleware`` turns what a view raises — core.errors (Forbidden, NotFound, any ServiceError) and
Django's own (PermissionDenied, Http404, SuspiciousOperation, BadRequest) — into the styled page. The
``handler*`` views (set in atrium/urls.py) do the same for what Django refuses before a view runs (an unknown
URL) and for a crash (500: never a traceback). API paths keep their JSON errors. An HTMX request gets the
fragment alone, aimed at the page's content area (``HX-Retarget``), so a refused click shows why.
Each refusal is logged once, as one line (Django's request log), without a traceback.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from atrium.core.errors import Forbidden, NotFound, ServiceError

API_PREFIX = "/api/"


def _titles() -> dict[int, str]:
    return {
        400: _("The request could not be handled"),
        403: _("No permission"),
        404: _("Not found"),
        409: _("This record was changed by someone else"),
        500: _("Something went wrong"),
    }


def _default_messages() -> dict[int, str]:
    return {
        400: _("The request was not valid. Go back and try again."),
        403: _("You do not have permission to do this."),
        404: _("This page or record does not exist or is not visible to you."),
        500: _(
            "The error has been recorded. Try again in a moment; if it happens again, tell your administrator."
        ),
    }


def refusal_of(exception: Exception) -> tuple[int, str] | None:
    """(status, message) for a refusal; None for anything else (a bug: Django's 500 handling)."""
    if isinstance(exception, NotFound | Http404):
        return 404, _default_messages()[404]
    if isinstance(exception, Forbidden):
        return 403, exception.message
    if isinstance(exception, PermissionDenied):
        return 403, _default_messages()[403]
    if isinstance(exception, ServiceError):
        return exception.status, exception.message
    if isinstance(exception, SuspiciousOperation | BadRequest):
        return 400, _default_messages()[400]
    return None


def refusal_response(request: HttpRequest, status: int, message: str | None = None) -> HttpResponse:
    message = message or _default_messages().get(status, _default_messages()[400])
    title = _titles().get(status, _titles()[400])
    if request.path.startswith(API_PREFIX):
        codes = {403: "forbidden", 404: "not_found", 409: "conflict", 500: "server_error"}
        body = {"code": codes.get(status, "invalid"), "message": message, "fields": {}}
        return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    context = {"status": status, "title": title, "message": message}
    if request.headers.get("HX-Request") == "true":
        response = render(request, "errors/refusal_fragment.html", context, status=status)
        response["HX-Retarget"] = "#content"
        response["HX-Reswap"] = "innerHTML"
        return response
    return render(request, "errors/refusal.html", context, status=status)


class RefusalPageMiddleware:
    """Last in MIDDLEWARE, so that it sees a view's exception first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        refusal = refusal_of(exception)
        if refusal is None or request.path.startswith(API_PREFIX):
            return None
        return refusal_response(request, *refusal)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return refusal_response(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return refusal_response(request, 403, getattr(exception, "message", None))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return refusal_response(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    """A crash: a plain page that needs neither the database nor the navigation (they may be what failed)."""
    if request.path.startswith(API_PREFIX):
        return refusal_response(request, 500)
    context = {"title": _titles()[500], "message": _default_messages()[500], "status": 500}
    return HttpResponse(render_to_string("errors/server_error.html", context), status=500)
