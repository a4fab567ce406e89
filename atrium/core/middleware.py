from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import DataError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.html import escape

from atrium.core.errors import out_of_range_message
from atrium.core.request_context import RequestContext, client_ip, reset_request_context, set_request_context

logger = logging.getLogger(__name__)


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


class OutOfRangeInputMiddleware:
    """A page whose input only the database could refuse (a filter or form number beyond its range) answers 400
    with a message, not 500: the last line behind each form's own checks."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OverflowError | DataError):
            return None
        logger.warning(
            "input out of the database's range: %s %s: %s", request.method, request.path, exception
        )
        return HttpResponseBadRequest(escape(out_of_range_message()), content_type="text/html; charset=utf-8")
