"""Phone and e-mail formats shared by every record that stores them (users, customers, contacts, leads)."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s\-()（）]")
# Mainland mobile (11 digits from 1[3-9]), landline with area code (0xx-xxxxxxxx, optional extension),
# or an international number in E.164 form.
_PHONE = re.compile(r"^(?:1[3-9]\d{9}|0\d{2,3}\d{7,8}(?:#\d{1,6})?|\+\d{7,15}|[48]00\d{7})$")


_LANDLINE = re.compile(r"^(0(?:[12]\d|\d{3}))(\d{7,8})(#\d{1,6})?$")
_SERVICE = re.compile(r"^([48]00)(\d{3})(\d{4})$")


def phone_digits(raw: str) -> str:
    """Digits (and a leading + or an extension #) without spaces, dashes or brackets; '' stays ''. Two
    spellings of one number have the same digits."""
    value = _SEPARATORS.sub("", unicodedata.normalize("NFKC", (raw or "").strip()))
    if value.startswith("+86") and len(value) == 14:
        value = value[3:]
    return value


def normalize_phone(raw: str) -> str:
    """The stored form of a phone number, a function of its digits alone (so an equality on it matches on
    digits, through the phone indexes): a landline keeps the dash after its area code as people write it
    (010-12345678, 0755-1234567#12; the area code is 3 digits for 010 and 02x, 4 otherwise), a 400/800
    number reads 400-123-4567, a mobile or an international number is its digits."""
    digits = phone_digits(raw)
    if landline := _LANDLINE.match(digits):
        return f"{landline[1]}-{landline[2]}{landline[3] or ''}"
    if service := _SERVICE.match(digits):
        return "-".join(service.groups())
    return digits


def phone_error(raw: str) -> str | None:
    """None when ``raw`` is empty or a valid phone number, else the message to show."""
    value = phone_digits(raw)
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
