"""One JSON error format for every API answer that is not a success:

``{"code": "invalid", "message": "…", "fields": {"email": ["…"]}}`` with 400/401/403/404/409/413/422/429.
Never a 500 for bad input.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.operation import PathView

from atrium.core.errors import ServiceError, out_of_range_message

logger = logging.getLogger(__name__)


def _body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"code": code, "message": message, "fields": fields or {}}


def _field_name(loc: list) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form", "payload", "data")]
    return ".".join(parts) or "__all__"


def _validation_message(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return _("This field is required.")
    if kind == "extra_forbidden":
        return _("Unknown field.")
    if kind in ("string_too_long",):
        return _("Too long.")
    if kind in ("int_parsing", "int_type", "float_parsing"):
        return _("Enter a number.")
    if kind.startswith("bool"):
        return _("Enter true or false.")
    if kind.startswith("datetime") or kind.startswith("date"):
        return _("Enter a valid date and time (ISO 8601).")
    return str(error.get("msg") or _("Invalid value."))


def install_error_handlers(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, body: dict) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(ServiceError)
    def service_error(request, exc: ServiceError):
        return respond(request, exc.status, exc.as_dict())

    @api.exception_handler(ValidationError)
    def validation_error(request, exc: ValidationError):
        fields: dict[str, list[str]] = {}
        for error in exc.errors:
            fields.setdefault(_field_name(list(error.get("loc", []))), []).append(_validation_message(error))
        return respond(request, 422, _body("invalid", _("Please correct the errors below."), fields))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return respond(request, 401, _body("unauthenticated", _("Sign in or send a valid API token.")))

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        status = exc.status_code
        if status == 400:  # ninja: "Cannot parse request body"
            return respond(request, 400, _body("malformed", _("The request body is not valid JSON.")))
        if status == 403:  # ninja: the session's CSRF check failed
            user = getattr(request, "user", None)
            if user is None or not user.is_authenticated:
                return respond(
                    request, 401, _body("unauthenticated", _("Sign in or send a valid API token."))
                )
            message = _("The CSRF token is missing or wrong. Reload the page and try again.")
            return respond(request, 403, _body("csrf_failed", message))
        if status == 413:
            return respond(request, 413, _body("too_large", _("The request body is too large.")))
        if status == 429:
            return respond(
                request, 429, _body("throttled", _("Too many requests. Wait a moment and try again."))
            )
        return respond(request, status, _body("error", _("The request could not be completed.")))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, _body("not_found", _("Not found.")))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return respond(request, 403, _body("forbidden", _("You do not have permission to do this.")))

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        return respond(request, 413, _body("too_large", _("The request body is too large.")))

    @api.exception_handler(OverflowError)
    @api.exception_handler(DataError)
    def out_of_range(request, exc):
        logger.warning("input out of the database's range: %s %s: %s", request.method, request.path, exc)
        return respond(request, 400, _body("invalid", out_of_range_message()))


def _method_not_allowed(self: PathView) -> HttpResponse:
    """A method the path does not offer answers 405 in the JSON error format (with the Allow header)."""
    allowed = sorted({method for operation in self.operations for method in operation.methods})
    body = _body("method_not_allowed", _("This method is not allowed here."), {"allowed": allowed})
    response = JsonResponse(body, status=405)
    response["Allow"] = ", ".join(allowed)
    return response


# Ninja answers an unsupported method with plain text from PathView._not_allowed; the API promises JSON
# errors everywhere, so that one method is replaced (tests/test_api_errors checks the answer's shape).
PathView._not_allowed = _method_not_allowed  # type: ignore[method-assign]
