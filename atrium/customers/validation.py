"""Cleaning the fields of customers, contacts, leads and follow-ups — shared by pages, the API and imports.

Single-field validators (``clean_text``, ``clean_phone``, ``clean_tags`` …) return the cleaned value or raise
Django's ``ValidationError`` with a translatable message; ``clean_<record>_fields(data, partial=…)`` clean a
whole record and raise ``ValidationFailed`` naming every bad field. Unknown keys are ignored (the caller decides
which keys it accepts); with ``partial=True`` only the keys present are cleaned and required fields may be
absent (but not blank).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from atrium.core.errors import ValidationFailed
from atrium.core.value_cleaning import (
    clean_bool,
    clean_choice,
    clean_date,
    clean_datetime,
    clean_email,
    clean_fields,
    clean_phone,
    clean_text,
    clean_url,
)
from atrium.customers.models import (
    DEFAULT_FOLLOWUP_TYPE,
    CustomerStatus,
    CustomerType,
    LeadStatus,
    OptionList,
)
from atrium.fields.choice_options import active_choices, active_values, all_choices

MAX_TAGS = 20
MAX_TAG_LENGTH = 50
TAG_SEPARATORS = re.compile(r"[,，;；、]")
FOLLOWUP_HORIZON = datetime.timedelta(days=366)

Cleaner = Callable[[Any], Any]


# Single fields ------------------------------------------------------------------------------------------


def active_option_values(option_list: str) -> set[str]:
    """The values of a choice list (选项列表) that new input may use."""
    return active_values(option_list)


def clean_option(
    option_list: str, value: Any, *, allowed: set[str] | None = None, current: str | None = None
) -> str:
    """A value of a choice list (industry, source, level, follow-up type): empty, an active option, or the
    record's current value (so a retired option does not block editing other fields)."""
    text = "" if value is None else str(value).strip()
    if not text or text == current:
        return text
    values = allowed if allowed is not None else active_option_values(option_list)
    if text not in values:
        raise ValidationError(
            _("“%(value)s” is not in the list. Choose one of the listed values.") % {"value": text}
        )
    return text


def clean_tags(value: Any) -> list[str]:
    """A list of distinct tags; a string is split on , ， ; ； and 、."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        items: Iterable[Any] = TAG_SEPARATORS.split(value)
    elif isinstance(value, list | tuple | set):
        items = value
    else:
        raise ValidationError(_("Enter the tags as a list of words."))
    tags: list[str] = []
    for item in items:
        if not isinstance(item, str | int):
            raise ValidationError(_("Enter the tags as a list of words."))
        tag = str(item).strip()
        if not tag or tag in tags:
            continue
        if len(tag) > MAX_TAG_LENGTH:
            raise ValidationError(_("A tag has at most %(max)d characters.") % {"max": MAX_TAG_LENGTH})
        tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise ValidationError(_("At most %(max)d tags.") % {"max": MAX_TAGS})
    return tags


def _default_followup_type() -> str:
    """电话 (call) when no type is given, or the list's first active type when call was retired."""
    values = active_values(OptionList.FOLLOWUP_TYPE)
    if DEFAULT_FOLLOWUP_TYPE in values or not values:
        return DEFAULT_FOLLOWUP_TYPE
    return active_choices(OptionList.FOLLOWUP_TYPE)[0][0]


def clean_listed_tags(value: Any, *, current: Any = None) -> list[str]:
    """Tags, none of them retired from the 标签 list unless the record already carries it (new tags are free: they
    join the list when saved)."""
    tags = clean_tags(value)
    kept = set(current or [])
    added = [tag for tag in tags if tag not in kept]
    if added:
        retired = {v for v, _label in all_choices(OptionList.TAGS)} - active_values(OptionList.TAGS)
        refused = [tag for tag in added if tag in retired]
        if refused:
            raise ValidationError(
                _("The tag “%(tag)s” was retired; choose another one.") % {"tag": refused[0]}
            )
    return tags


# Whole records -------------------------------------------------------------------------------------------


def _text(max_length: int, required: bool = False) -> Cleaner:
    return lambda value: clean_text(value, max_length=max_length, required=required)


def _current(current: Any, name: str) -> str | None:
    return getattr(current, name, None) if current is not None else None


def clean_customer_fields(
    data: Mapping[str, Any], *, partial: bool = False, current: Any = None
) -> dict[str, Any]:
    """Clean a customer's own fields (not owner or collaborators); ``current`` is the record being edited."""
    cleaners: dict[str, Cleaner] = {
        "type": lambda v: clean_choice(v or CustomerType.COMPANY, CustomerType.values),
        "name": _text(200, required=True),
        "short_name": _text(100),
        "industry": lambda v: clean_option(OptionList.INDUSTRY, v, current=_current(current, "industry")),
        "source": lambda v: clean_option(OptionList.SOURCE, v, current=_current(current, "source")),
        "level": lambda v: clean_option(OptionList.LEVEL, v, current=_current(current, "level")),
        "status": lambda v: clean_choice(v or CustomerStatus.POTENTIAL, CustomerStatus.values),
        "region": _text(100),
        "address": _text(300),
        "phone": clean_phone,
        "email": clean_email,
        "website": clean_url,
        "tags": lambda v: clean_listed_tags(v, current=_current(current, "tags")),
        "notes": _text(10000),
    }
    return clean_fields(data, cleaners, ("name",), partial)


def clean_contact_fields(data: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Clean a contact's own fields (not its customer)."""
    cleaners: dict[str, Cleaner] = {
        "name": _text(100, required=True),
        "title": _text(100),
        "phone": clean_phone,
        "mobile": clean_phone,
        "email": clean_email,
        "wechat": _text(64),
        "birthday": lambda v: clean_date(v, not_in_future=True),
        "is_primary": clean_bool,
        "notes": _text(10000),
    }
    return clean_fields(data, cleaners, ("name",), partial)


def clean_lead_fields(
    data: Mapping[str, Any], *, partial: bool = False, current: Any = None
) -> dict[str, Any]:
    """Clean a lead's own fields (not owner). Setting the status to "converted" is done by converting."""
    cleaners: dict[str, Cleaner] = {
        "name": _text(100, required=True),
        "company": _text(200),
        "phone": clean_phone,
        "email": clean_email,
        "source": lambda v: clean_option(OptionList.SOURCE, v, current=_current(current, "source")),
        "status": lambda v: clean_choice(
            v or LeadStatus.NEW, [s for s in LeadStatus.values if s != LeadStatus.CONVERTED]
        ),
        "address": _text(300),
        "notes": _text(10000),
    }
    return clean_fields(data, cleaners, ("name",), partial)


def clean_followup_fields(
    data: Mapping[str, Any],
    *,
    partial: bool = False,
    current: Any = None,
    now: datetime.datetime | None = None,
) -> dict[str, Any]:
    """Clean a follow-up's fields (not its subject). Its time may not be more than a year ahead, and the next
    follow-up must come after it."""
    cleaners: dict[str, Cleaner] = {
        "type": lambda v: clean_option(
            OptionList.FOLLOWUP_TYPE, v or _default_followup_type(), current=_current(current, "type")
        ),
        "happened_at": lambda v: clean_datetime(v, required=True),
        "content": _text(10000, required=True),
        "outcome": _text(300),
        "next_at": clean_datetime,
        "next_action": _text(300),
    }
    cleaned = clean_fields(data, cleaners, ("content",), partial)
    if not partial and "type" not in cleaned:
        cleaned["type"] = _default_followup_type()
    if not partial and "happened_at" not in cleaned:
        cleaned["happened_at"] = now or timezone.now()
    _check_followup_times(cleaned, current, now or timezone.now())
    return cleaned


def _check_followup_times(cleaned: dict[str, Any], current: Any, now: datetime.datetime) -> None:
    errors: dict[str, list[str]] = {}
    horizon = now + FOLLOWUP_HORIZON
    happened = cleaned.get("happened_at", getattr(current, "happened_at", None))
    next_at = cleaned.get("next_at", getattr(current, "next_at", None))
    if "happened_at" in cleaned and happened and happened > horizon:
        errors["happened_at"] = [_("The time cannot be more than a year in the future.")]
    if "next_at" in cleaned and next_at and next_at > horizon:
        errors["next_at"] = [_("The next follow-up cannot be more than a year in the future.")]
    elif next_at and happened and next_at <= happened and ("next_at" in cleaned or "happened_at" in cleaned):
        errors["next_at"] = [_("The next follow-up must come after this one.")]
    if errors:
        raise ValidationFailed(errors)
