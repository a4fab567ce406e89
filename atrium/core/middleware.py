from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from atrium.core.request_context import RequestContext, client_ip, reset_request_context, set_request_context


class RequestContextMiddleware:
    """Records the client IP and user agent of the request for the operation log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        context = RequestContext(
            ip=client_ip(request.META), user_agent=request.META.get("HTTP_USER_AGENT", "")[:300]
        )
        token = set_request_context(context)
        try:
            return self.get_response(request)
        finally:
            reset_request_context(token)
