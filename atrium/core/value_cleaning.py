"""Cleaning single values typed by people or sent by the API — text, choices, phones, e-mail, web addresses,
yes/no, dates and times — shared by every kind's validation and by custom fields. Each returns the cleaned value
or raises Django's ``ValidationError`` with a translatable message."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from atrium.core.contact_formats import email_error, normalize_phone, phone_error
from atrium.core.errors import ValidationFailed

Cleaner = Callable[[Any], Any]


def clean_text(value: Any, *, max_length: int, required: bool = False) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise ValidationError(_("This field is required."))
    if len(text) > max_length:
        raise ValidationError(_("At most %(max)d characters.") % {"max": max_length})
    return text


def clean_choice(value: Any, choices: Iterable[str], *, blank: bool = False) -> str:
    text = "" if value is None else str(value).strip()
    if blank and not text:
        return ""
    if text not in set(choices):
        raise ValidationError(_("Choose one of the listed values."))
    return text


def clean_phone(value: Any) -> str:
    """The normalised phone number, or '' when empty."""
    text = "" if value is None else str(value).strip()
    message = phone_error(text)
    if message:
        raise ValidationError(message)
    return normalize_phone(text)


def clean_email(value: Any) -> str:
    text = "" if value is None else str(value).strip()
    message = email_error(text)
    if message:
        raise ValidationError(message)
    if len(text) > 254:
        raise ValidationError(_("At most %(max)d characters.") % {"max": 254})
    return text


def clean_url(value: Any) -> str:
    text = "" if value is None else str(value).strip()
    if not text:
        return ""
    if "://" not in text:
        text = f"https://{text}"
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        raise ValidationError(_("Enter a valid web address, e.g. https://example.com.")) from None
    if len(text) > 300:
        raise ValidationError(_("At most %(max)d characters.") % {"max": 300})
    return text


def clean_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = "" if value is None else str(value).strip().lower()
    if text in ("1", "true", "yes", "on", "是", "y"):
        return True
    if text in ("", "0", "false", "no", "off", "否", "n"):
        return False
    raise ValidationError(_("Enter yes or no."))


def clean_date(value: Any, *, not_in_future: bool = False) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    else:
        try:
            parsed = parse_date(str(value).strip())
        except ValueError:
            parsed = None
        if parsed is None:
            raise ValidationError(_("Enter a valid date, e.g. 2024-05-31."))
        day = parsed
    if not_in_future and day > timezone.localdate():
        raise ValidationError(_("This date is in the future."))
    return day


def clean_datetime(value: Any, *, required: bool = False) -> datetime.datetime | None:
    if value is None or value == "":
        if required:
            raise ValidationError(_("This field is required."))
        return None
    if isinstance(value, datetime.datetime):
        moment = value
    else:
        text = str(value).strip()
        try:
            parsed = parse_datetime(text.replace("/", "-"))
            if parsed is None and (day := parse_date(text)) is not None:
                parsed = datetime.datetime.combine(day, datetime.time(9, 0))
        except ValueError:
            parsed = None
        if parsed is None:
            raise ValidationError(_("Enter a valid date and time, e.g. 2024-05-31 14:30."))
        moment = parsed
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def clean_fields(
    data: Mapping[str, Any], cleaners: Mapping[str, Cleaner], required: Iterable[str], partial: bool
) -> dict[str, Any]:
    """Clean a whole record: each present key by its cleaner, every bad field named in one ValidationFailed;
    ``partial`` (an edit) cleans only the keys present, else the ``required`` ones must be there."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    for name, cleaner in cleaners.items():
        if name not in data:
            if not partial and name in required:
                errors[name] = [_("This field is required.")]
            continue
        try:
            cleaned[name] = cleaner(data[name])
        except ValidationError as exc:
            errors[name] = [str(m) for m in exc.messages]
    if errors:
        raise ValidationFailed(errors)
    return cleaned
