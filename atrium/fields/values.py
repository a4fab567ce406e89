"""The one validator table of custom fields: for each type, how a value typed in a form, sent by the API or read
from an import becomes the value stored in the record's ``custom`` JSON, and how a stored value reads.

Stored forms (JSON): text types → string; number / money / percent → number (money and percent keep two
decimals, number its ``decimal_places``); date → "YYYY-MM-DD"; date-time → ISO in UTC; yes/no → true/false;
single select → the option's value; multi select → a list of option values in the options' order; person and
department → their id. Empty is "absent": the key is removed from ``custom``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from atrium.accounts.models import Department
from atrium.core.directory import directory
from atrium.core.value_cleaning import (
    clean_bool,
    clean_date,
    clean_datetime,
    clean_email,
    clean_phone,
    clean_text,
    clean_url,
)
from atrium.fields.models import FieldDefinition, FieldType

MAX_TEXT = 200
MAX_LONG_TEXT = 5000
MAX_NUMBER = Decimal("1000000000000")  # a trillion: beyond what any project or budget holds
MAX_OPTIONS = 200

Cleaner = Callable[[FieldDefinition, Any], Any]


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or (isinstance(value, str) and not value.strip())


def _number(definition: FieldDefinition, value: Any) -> int | float:
    fixed: dict[str, int] = {FieldType.MONEY: 2, FieldType.PERCENT: 2}
    places = fixed.get(str(definition.field_type), definition.decimal_places or 0)
    if isinstance(value, bool):
        raise ValidationError(_("Enter a number."))
    text = str(value).strip().replace(",", "").replace("，", "").replace("¥", "").replace("￥", "")
    if definition.field_type == FieldType.PERCENT:
        text = text.rstrip("%％").strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("Enter a number.")) from None
    if not number.is_finite():
        raise ValidationError(_("Enter a number."))
    if abs(number) >= MAX_NUMBER:
        raise ValidationError(_("The number is too large."))
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded != number:
        raise ValidationError(_("At most %(places)d decimal places.") % {"places": places})
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


def _options(definition: FieldDefinition) -> dict[str, dict]:
    return {str(o["value"]): o for o in definition.options or []}


def _one_option(definition: FieldDefinition, value: Any, current: Any = None) -> str:
    """An option's value; its label is accepted too (imports and people type labels). A retired option is
    refused for new input but a record keeps it (``current``)."""
    text = str(value).strip()
    options = _options(definition)
    by_label = {str(o["label"]).strip().casefold(): str(o["value"]) for o in options.values()}
    found = text if text in options else by_label.get(text.casefold())
    if found is None:
        raise ValidationError(
            _("“%(value)s” is not an option of %(field)s.") % {"value": text, "field": definition.label}
        )
    if options[found].get("retired") and found != current and found not in (current or []):
        raise ValidationError(_("“%(value)s” is no longer offered.") % {"value": options[found]["label"]})
    return found


def _select(definition: FieldDefinition, value: Any, current: Any = None) -> str:
    if isinstance(value, list | tuple):
        raise ValidationError(_("Choose one option."))
    return _one_option(definition, value, current)


def _multi_select(definition: FieldDefinition, value: Any, current: Any = None) -> list[str]:
    if isinstance(value, str):
        items: list[Any] = [v for v in value.replace("，", ",").replace("、", ",").split(",") if v.strip()]
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        raise ValidationError(_("Choose options from the list."))
    chosen = {_one_option(definition, item, current) for item in items}
    order = list(_options(definition))
    return [v for v in order if v in chosen]


def _person(definition: FieldDefinition, value: Any) -> int:
    """A member of staff by id, username or name (an export writes the name; a name two people share asks for
    the username, as the owner column of an import does)."""
    try:
        pk = int(value)
    except (TypeError, ValueError):
        pk = None
    staff = directory().active_staff()
    if pk:
        found = staff.filter(pk=pk).first()
    else:
        text = str(value).strip()
        matches = list(staff.filter(Q(username=text) | Q(display_name=text)).order_by("pk")[:3])
        found = next((p for p in matches if p.username == text), None)
        if found is None and len(matches) > 1:
            raise ValidationError(
                _("Several people are called “%(name)s”: use the username.") % {"name": text}
            )
        found = found or (matches[0] if matches else None)
    if found is None:
        raise ValidationError(_("Choose an active member of staff."))
    return found.pk


def _department(definition: FieldDefinition, value: Any) -> int:
    departments = Department.objects.all()
    try:
        found = departments.filter(pk=int(value)).first()
    except (TypeError, ValueError):
        found = departments.filter(name=str(value).strip()).first()
    if found is None:
        raise ValidationError(_("Choose a department."))
    return found.pk


def _date(definition: FieldDefinition, value: Any) -> str:
    day = clean_date(value)
    assert day is not None
    return day.isoformat()


def _datetime(definition: FieldDefinition, value: Any) -> str:
    moment = clean_datetime(value)
    assert moment is not None
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


CLEANERS: dict[str, Callable[..., Any]] = {
    FieldType.TEXT: lambda d, v: clean_text(v, max_length=MAX_TEXT),
    FieldType.LONG_TEXT: lambda d, v: clean_text(v, max_length=MAX_LONG_TEXT),
    FieldType.NUMBER: _number,
    FieldType.MONEY: _number,
    FieldType.PERCENT: _number,
    FieldType.DATE: _date,
    FieldType.DATETIME: _datetime,
    FieldType.BOOLEAN: lambda d, v: clean_bool(v),
    FieldType.PERSON: _person,
    FieldType.DEPARTMENT: _department,
    FieldType.PHONE: lambda d, v: clean_phone(v),
    FieldType.EMAIL: lambda d, v: clean_email(v).lower(),
    FieldType.URL: lambda d, v: clean_url(v),
}


def clean_value(definition: FieldDefinition, value: Any, current: Any = None) -> Any:
    """The stored form of ``value`` (None when empty); ValidationError with a message for people."""
    if definition.field_type == FieldType.BOOLEAN and isinstance(value, bool):
        return value
    if is_empty(value):
        return None
    if definition.field_type == FieldType.SELECT:
        return _select(definition, value, current)
    if definition.field_type == FieldType.MULTI_SELECT:
        return _multi_select(definition, value, current) or None
    if isinstance(value, dict | list) and definition.field_type != FieldType.MULTI_SELECT:
        raise ValidationError(_("Enter a single value."))
    cleaned = CLEANERS[definition.field_type](definition, value)
    return None if is_empty(cleaned) else cleaned


def stored_value_fits(definition: FieldDefinition, value: Any) -> bool:
    """Whether a value already stored is valid for ``definition`` (a type change checks every record)."""
    try:
        return clean_value(definition, value, current=value) is not None or is_empty(value)
    except ValidationError:
        return False


def value_text(
    definition: FieldDefinition, value: Any, names: dict[tuple[str, int], str] | None = None
) -> str:
    """How a stored value reads for people: labels of options, ¥ for money, local dates and times, 是/否."""
    if is_empty(value):
        return ""
    kind = definition.field_type
    if kind == FieldType.SELECT:
        return definition.option_labels().get(str(value), str(value))
    if kind == FieldType.MULTI_SELECT:
        labels = definition.option_labels()
        return "、".join(labels.get(str(v), str(v)) for v in value) if isinstance(value, list) else str(value)
    if kind == FieldType.BOOLEAN:
        return _("Yes") if value else _("No")
    if kind == FieldType.MONEY:
        return f"¥{Decimal(str(value)):,.2f}"
    if kind == FieldType.PERCENT:
        return f"{Decimal(str(value)):.2f}".rstrip("0").rstrip(".") + "%"
    if kind == FieldType.NUMBER:
        places = definition.decimal_places or 0
        return f"{Decimal(str(value)):,.{places}f}"
    if kind == FieldType.DATETIME:
        moment = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        return formats.date_format(timezone.localtime(moment), "Y-m-d H:i")
    if kind in (FieldType.PERSON, FieldType.DEPARTMENT) and names is not None:
        return names.get((kind, int(value)), "—")
    return str(value)
