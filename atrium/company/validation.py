"""Checks of the company profile's fields: the legal name is required, the tax id is a unified social credit
code (统一社会信用代码, GB 32100-2015: 18 characters of 0-9 and A-Y without I, O, S, V, Z, the last a check
character), the phone a phone number, the bank account digits; the logo and the seal are images of at most
2 MB (``core.image_files``)."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

from atrium.company.models import ADDRESS_MAX, BANK_NAME_MAX, LEGAL_NAME_MAX, SHORT_NAME_MAX
from atrium.core.contact_formats import normalize_phone, phone_error
from atrium.core.image_files import image_kind, upload_size

IMAGE_MAX_BYTES = 2 * 1024 * 1024
CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_BANK_ACCOUNT = re.compile(r"^\d{8,32}$")
_SPACES = re.compile(r"[\s\-]")


def credit_code_check_char(first17: str) -> str:
    """The 18th character of a unified social credit code whose first 17 are given."""
    total = sum(CREDIT_CODE_CHARS.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def clean_tax_id(value: Any, errors: dict[str, list[str]]) -> str:
    code = _SPACES.sub("", str(value or "")).upper()
    if not code:
        return ""
    if len(code) != 18:
        errors["tax_id"] = [
            _("A unified social credit code has 18 characters (now %(count)d).") % {"count": len(code)}
        ]
    elif any(c not in CREDIT_CODE_CHARS for c in code):
        errors["tax_id"] = [
            _("A unified social credit code has only digits and capital letters other than I, O, S, V and Z.")
        ]
    elif credit_code_check_char(code[:17]) != code[17]:
        errors["tax_id"] = [_("This unified social credit code is not valid: check it for a typing mistake.")]
    return code


def _text(value: Any, field: str, limit: int, errors: dict[str, list[str]], *, required: bool = False) -> str:
    text = " ".join(str(value or "").split()) if isinstance(value, str | int) or value is None else ""
    if required and not text:
        errors[field] = [_("Enter the company's full legal name, as on its business licence.")]
    elif len(text) > limit:
        errors[field] = [
            _("At most %(limit)d characters (now %(count)d).") % {"limit": limit, "count": len(text)}
        ]
    return text


def clean_profile_fields(data: dict[str, Any]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The cleaned text fields and the messages per field (empty when all is well)."""
    errors: dict[str, list[str]] = {}
    cleaned = {
        "legal_name": _text(data.get("legal_name"), "legal_name", LEGAL_NAME_MAX, errors, required=True),
        "short_name": _text(data.get("short_name"), "short_name", SHORT_NAME_MAX, errors),
        "address": _text(data.get("address"), "address", ADDRESS_MAX, errors),
        "bank_name": _text(data.get("bank_name"), "bank_name", BANK_NAME_MAX, errors),
    }
    phone = str(data.get("phone") or "").strip()
    message = phone_error(phone)
    if message:
        errors["phone"] = [message]
    cleaned["phone"] = normalize_phone(phone) if phone and not message else ""
    cleaned["tax_id"] = clean_tax_id(data.get("tax_id"), errors)
    account = _SPACES.sub("", str(data.get("bank_account") or ""))
    if account and not _BANK_ACCOUNT.match(account):
        errors["bank_account"] = [_("A bank account number has 8 to 32 digits.")]
    cleaned["bank_account"] = account
    return cleaned, errors


def clean_image(upload: Any, field: str, errors: dict[str, list[str]]) -> tuple[str, str] | None:
    """(content type, extension) of an uploaded logo or seal, or None with the message in ``errors``."""
    what = _("The logo") if field == "logo" else _("The seal image")
    size = upload_size(upload)
    if size == 0:
        errors[field] = [_("%(what)s is an empty file.") % {"what": what}]
        return None
    if size > IMAGE_MAX_BYTES:
        errors[field] = [
            _("%(what)s is too large (%(size)s MB); at most %(limit)s MB.")
            % {"what": what, "size": f"{size / 1024 / 1024:.1f}", "limit": IMAGE_MAX_BYTES // 1024 // 1024}
        ]
        return None
    found = image_kind(upload)
    if found is None:
        errors[field] = [
            _("%(what)s is not an image: choose a PNG, JPEG, GIF or WebP file.") % {"what": what}
        ]
    return found
