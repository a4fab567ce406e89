from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DataError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.urls import reverse
from django.utils import translation
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


class UserLanguageMiddleware:
    """Speaks the signed-in person's chosen language (``User.language``) on every device; without a choice,
    LocaleMiddleware's pick (cookie, then browser) stands. When a signed-in person switches language in the
    page header, the choice is kept as their preference. Goes after AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in and user.language and translation.check_for_language(user.language):
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if signed_in and _switched_language(request, response):
            from atrium.accounts.services.profile import user_set_own_language

            user_set_own_language(actor=user, language=request.POST["language"])
        return response


def _switched_language(request: HttpRequest, response: HttpResponse) -> bool:
    """A POST to Django's set_language view that it accepted (it redirects) with one of our languages."""
    return (
        request.method == "POST"
        and response.status_code == 302
        and request.path == reverse("set_language")
        and request.POST.get("language", "") in dict(settings.LANGUAGES)
    )


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
