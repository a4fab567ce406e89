"""Domain errors raised by services and mapped once to HTTP answers: pages in core.refusal_pages, the API in
core.api.errors.

A service never returns half a result: it raises one of these before anything is written, or inside its
transaction so that everything is rolled back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ServiceError(Exception):
    """Bad input or a refused operation: 400 with a code, a message and messages per field."""

    status = 400
    code = "invalid"

    def __init__(
        self,
        message: str | Promise | None = None,
        *,
        fields: Mapping[str, Sequence[str | Promise]] | None = None,
        code: str | None = None,
    ) -> None:
        self.message = str(message if message is not None else _("The request could not be completed."))
        self.fields = {name: [str(m) for m in msgs] for name, msgs in (fields or {}).items()}
        if code:
            self.code = code
        super().__init__(self.message)

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "fields": self.fields}


class ValidationFailed(ServiceError):
    """One or more fields are invalid; nothing was changed."""

    code = "invalid"

    def __init__(self, fields: Mapping[str, Sequence[str | Promise]], message: str | Promise | None = None):
        super().__init__(message or _("Please correct the errors below."), fields=fields)


class Conflict(ServiceError):
    """The record changed since the caller read it (stale version): 409, nothing was changed."""

    status = 409
    code = "conflict"

    def __init__(self, message: str | Promise | None = None):
        super().__init__(
            message or _("This record was changed by someone else. Reload it and apply your change again.")
        )


class Forbidden(ServiceError):
    """The user may see the record but not do this with it: 403."""

    status = 403
    code = "forbidden"

    def __init__(self, message: str | Promise | None = None):
        super().__init__(message or _("You do not have permission to do this."))


class NotFound(ServiceError):
    """Missing, or not visible to this user (the two are indistinguishable by design): 404."""

    status = 404
    code = "not_found"

    def __init__(self, message: str | Promise | None = None):
        super().__init__(message or _("Not found."))


def out_of_range_message() -> str:
    """What bad input that only the database could refuse (a number beyond its range) is answered with."""
    return gettext("A number or text in the request is out of range (too large or too long).")
