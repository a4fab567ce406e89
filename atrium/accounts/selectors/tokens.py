"""Reading personal API tokens: a person only ever sees their own."""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils import timezone

from atrium.accounts.models import ApiToken
from atrium.core.access import can
from atrium.core.errors import Forbidden


def may_use_api_tokens(user: Any) -> bool:
    """Staff may make personal API tokens; an external person (a client) only when a role grants it."""
    return not getattr(user, "is_external", False) or can(user, "api_token", "create")


def require_api_tokens(user: Any) -> None:
    if not may_use_api_tokens(user):
        raise Forbidden()


def tokens_of(user: Any) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first (revoked and expired ones included, marked ``is_expired``)."""
    expired = ExpressionWrapper(Q(expires_at__lte=timezone.now()), output_field=BooleanField())
    return ApiToken.objects.filter(user_id=user.pk).annotate(is_expired=expired).order_by("-id")


def token_owner(token_id: int) -> Any | None:
    """The user a token belongs to (for the server operator's ``token revoke`` command), or None."""
    token = ApiToken.objects.select_related("user").filter(pk=token_id).first()
    return token.user if token is not None else None
