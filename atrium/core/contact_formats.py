"""Phone and e-mail formats shared by every record that stores them (users, customers, contacts, leads)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s\-()（）]")
# Mainland mobile (11 digits from 1[3-9]), landline with area code (0xx-xxxxxxxx, optional extension),
# or an international number in E.164 form.
_PHONE = re.compile(r"^(?:1[3-9]\d{9}|0\d{2,3}\d{7,8}(?:#\d{1,6})?|\+\d{7,15}|[48]00\d{7})$")


def normalize_phone(raw: str) -> str:
    """Digits (and a leading + or an extension #) without spaces, dashes or brackets; '' stays ''."""
    value = _SEPARATORS.sub("", (raw or "").strip())
    if value.startswith("+86") and len(value) == 14:
        value = value[3:]
    return value


def phone_error(raw: str) -> str | None:
    """None when ``raw`` is empty or a valid phone number, else the message to show."""
    value = normalize_phone(raw)
    if not value or _PHONE.match(value):
        return None
    return str(_("Enter a valid phone number, e.g. 13800138000 or 010-12345678."))


def email_error(raw: str) -> str | None:
    value = (raw or "").strip()
    if not value:
        return None
    try:
        validate_email(value)
    except ValidationError:
        return str(_("Enter a valid e-mail address."))
    return None
