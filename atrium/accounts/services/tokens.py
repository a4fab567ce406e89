"""Personal API tokens: ``atr_<prefix>_<secret>``; only a SHA-256 of the whole token is stored."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atrium.accounts.models import ApiToken, User
from atrium.core.audit import audit
from atrium.core.errors import NotFound, ValidationFailed

TOKEN_PREFIX = "atr_"


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_create(
    *, actor: Any, name: str, expires_at: datetime.datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token for the acting user; returns the record and the token text, shown only this once."""
    name = (name or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give the token a name, e.g. the program that will use it.")]
    elif len(name) > 100:
        errors["name"] = [_("At most 100 characters.")]
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = [_("The expiry must be in the future.")]
    if errors:
        raise ValidationFailed(errors)
    prefix = secrets.token_hex(6)
    raw = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=actor, name=name, prefix=prefix, secret_hash=_hash(raw), expires_at=expires_at
    )
    audit(actor=actor, action="create", kind="api_token", object_id=token.pk, object_repr=str(token))
    return token, raw


@transaction.atomic
def token_revoke(*, actor: Any, token_id: int) -> ApiToken:
    token = ApiToken.objects.select_for_update().filter(pk=token_id, user=actor).first()
    if token is None:
        raise NotFound()
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit(actor=actor, action="delete", kind="api_token", object_id=token.pk, object_repr=str(token))
    return token


def token_authenticate(raw: str) -> User | None:
    """The active user a valid, unexpired, unrevoked token belongs to; else None."""
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    prefix, _sep, secret = raw[len(TOKEN_PREFIX) :].partition("_")
    if not prefix or not secret:
        return None
    # prefix is unique: no ORDER BY (and none of .first()'s work), on every API request
    token = next(
        iter(
            ApiToken.objects.select_related("user__department")
            .filter(prefix=prefix, revoked_at__isnull=True)
            .order_by()[:1]
        ),
        None,
    )
    if token is None or not hmac.compare_digest(token.secret_hash, _hash(raw)):
        return None
    now = timezone.now()
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if not token.user.is_active:
        return None
    stale = now - datetime.timedelta(seconds=settings.API_TOKEN_TOUCH_SECONDS)
    if token.last_used_at is None or token.last_used_at < stale:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
