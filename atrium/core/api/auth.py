"""API authentication: personal tokens (``Authorization: Bearer atr_…``) or the browser session (with CSRF)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import translation
from ninja.security import HttpBearer, SessionAuth

from atrium.core.directory import directory


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = directory().user_for_token(token)
        if user is not None:
            request.user = user
            _speak_users_language(request, user)
        return user


def _speak_users_language(request: HttpRequest, user: Any) -> None:
    """A token call answers in the person's saved language, as their pages do; without one the
    ``Accept-Language`` header (or the default, Chinese) stands."""
    language = directory().preferred_language(user)
    if language and translation.check_for_language(language):
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class ActiveSessionAuth(SessionAuth):
    """The signed-in browser session; inactive users are treated as signed out."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


API_AUTH = [TokenAuth(), ActiveSessionAuth(csrf=True)]
