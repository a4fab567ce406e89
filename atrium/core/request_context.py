"""Who is acting and from where, for the operation log, without passing the request through services."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip: str | None = None
    user_agent: str = ""


_current: ContextVar[RequestContext] = ContextVar("atrium_request_context", default=RequestContext())  # noqa: B039 (frozen, immutable)


def current_request_context() -> RequestContext:
    return _current.get()


def set_request_context(context: RequestContext):
    return _current.set(context)


def reset_request_context(token) -> None:
    _current.reset(token)


def client_ip(meta: dict) -> str | None:
    """REMOTE_ADDR, or the first X-Forwarded-For hop when ATRIUM_BEHIND_PROXY is on."""
    from django.conf import settings

    if getattr(settings, "USE_X_FORWARDED_HOST", False):
        forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return meta.get("REMOTE_ADDR") or None
