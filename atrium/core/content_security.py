"""Content-Security-Policy and Permissions-Policy on every HTML response, with a fresh script nonce each time.

The policy is strict: scripts only from our own static files (or an inline ``<script nonce="{{ csp_nonce }}">``
where a template truly needs one), no ``'unsafe-inline'``, no ``'unsafe-eval'`` — Alpine runs as its CSP
build and its components live in ``atrium/static/atrium/components.js``; HTMX has ``allowEval`` off. Styles
only from our stylesheets (no ``style=""`` attributes in templates; styles set from script through the DOM
are allowed by CSP). The API docs page (/api/v1/docs) needs no exception: django-ninja serves Swagger UI and
its start-up script as static files and passes its settings as a JSON ``<script type="application/json">``,
which is data, not code (tests/browser/test_content_security.py drives it, "Try it out" included).

``ATRIUM_CSP_REPORT_ONLY=true`` sends the same policy as ``Content-Security-Policy-Report-Only`` (to try a
change on a running site without breaking it); the browser journeys fail on any violation either way.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "xr-spatial-tracking",
    )
)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def content_security_policy(request: HttpRequest, nonce: str) -> str:
    """The policy for one response: ``nonce`` is this response's script nonce."""
    try:
        host = request.get_host()
    except DisallowedHost:
        host = ""
    sockets = f" ws://{host} wss://{host}" if host else ""
    # Single sign-on: the sign-in form's answer redirects to the provider, which form-action also covers.
    provider = _origin(getattr(settings, "OIDC_SERVER_URL", "") or "")
    directives = [
        "default-src 'self'",
        f"script-src 'self' 'nonce-{nonce}'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        f"connect-src 'self'{sockets}",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        f"form-action 'self'{' ' + provider if provider else ''}",
    ]
    return "; ".join(directives)


class ContentSecurityPolicyMiddleware:
    """Gives each request its nonce (``request.csp_nonce``, ``{{ csp_nonce }}`` in templates) and puts the
    policy on HTML responses; Permissions-Policy goes on every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(18)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if response.headers.get("Content-Type", "").startswith("text/html"):
            name = "Content-Security-Policy"
            if getattr(settings, "CSP_REPORT_ONLY", False):
                name += "-Report-Only"
            response.headers.setdefault(name, content_security_policy(request, nonce))
        return response


def csp_nonce(request: HttpRequest) -> dict[str, str]:
    """Template context: ``csp_nonce`` for the rare inline ``<script nonce="…">``."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
