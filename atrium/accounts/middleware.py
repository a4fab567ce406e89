"""The signed-in person's language, on every page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation

from atrium.accounts.services.profile import user_set_own_language


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
