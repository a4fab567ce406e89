"""Typed list filters: each reads its query parameters, says what is wrong with them, narrows the queryset,
writes itself back as parameters, and offers its choices to the filter form.

Types: ``SearchFilter`` (the global search index), ``TextFilter`` (contains, over some fields), ``ChoiceFilter``,
``PersonFilter``, ``DepartmentFilter`` (a department and the ones below it), ``DateRangeFilter``,
``NumberRangeFilter``, ``TagFilter``, ``BooleanFilter`` and ``RecordFilter`` (the id of a related record).
Custom fields add filters to any list through ``register_filter_source`` (see ``specs``).
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from atrium.core.access import departments_reached, people_reached, scope_of
from atrium.core.errors import ValidationFailed
from atrium.core.kinds import Scope

Errors = dict[str, list[str]]
SEARCH_LABEL = _("Search")
SEARCH_PLACEHOLDER = _("Name, phone, address…")
ALL_OWNERS = _("All owners")
ALL_DEPARTMENTS = _("All departments")
ALL_LABEL = _("All")
YES_LABEL = _("Yes")
NO_LABEL = _("No")
Choices = list[tuple[str, str]]
ChoicesOf = Callable[[Any], Sequence[tuple[Any, Any]]]  # the user -> (value, label) pairs


def text_param(params: Mapping[str, Any], key: str, limit: int = 100) -> str:
    value = params.get(key)
    return str(value).strip()[:limit] if value is not None else ""


def _error(errors: Errors, key: str, message: Promise | str) -> None:
    errors.setdefault(key, []).append(str(message))


def day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True, kw_only=True)
class ListFilter:
    """One filter of a list. ``name`` is its key (and its parameter, for single-parameter filters)."""

    name: str
    label: Promise | str = ""
    template = "lists/filters/_text.html"
    needs_choices = False  # hidden from the form when it has nothing to offer
    in_form = True  # False: never offered in the form (set by links), carried along hidden when set

    @property
    def params(self) -> tuple[str, ...]:
        return (self.name,)

    def parse(self, params: Mapping[str, Any], errors: Errors) -> Any:
        """The value, or None when the parameters are empty or wrong (wrong ones are added to errors)."""
        raise NotImplementedError

    def q(self, value: Any) -> Q:
        raise NotImplementedError

    def to_params(self, value: Any) -> dict[str, str]:
        return {self.name: str(value)}

    def choices(self, user: Any, value: Any) -> Choices:
        return []

    def raw(self, params: Mapping[str, Any]) -> dict[str, str]:
        """The parameters as typed, shown back in the form (bad ones too)."""
        return {key: text_param(params, key) for key in self.params}


@dataclass(frozen=True, kw_only=True)
class SearchFilter(ListFilter):
    """Free text through the global search index of ``search_kind`` (Chinese substrings of any length)."""

    name: str = "q"
    label: Promise | str = SEARCH_LABEL
    search_kind: str
    placeholder: Promise | str = SEARCH_PLACEHOLDER
    template = "lists/filters/_search.html"

    def parse(self, params: Mapping[str, Any], errors: Errors) -> Any:
        return text_param(params, self.name) or None

    def q(self, value: Any) -> Q:
        from atrium.core.search import search_filter

        return search_filter(self.search_kind, value)


@dataclass(frozen=True, kw_only=True)
class TextFilter(ListFilter):
    """Free text matched (contains, case-insensitive) against any of ``fields``: for small lists."""

    fields: tuple[str, ...]
    placeholder: Promise | str = ""
    max_length: int = 100
    template = "lists/filters/_search.html"

    def parse(self, params: Mapping[str, Any], errors: Errors) -> Any:
        return text_param(params, self.name, self.max_length) or None

    def q(self, value: Any) -> Q:
        q = Q()
        for name in self.fields:
            q |= Q(**{f"{name}__icontains": value})
        return q


@dataclass(frozen=True, kw_only=True)
class ChoiceFilter(ListFilter):
    """One value of ``field``. With ``strict`` the value must be one of the choices (``options(None)``: fixed
    choices); else any text is accepted (an option retired from an admin-edited list still filters the old
    records, and stays offered), or with ``integer`` any record id."""

    field: str
    options: ChoicesOf
    empty_label: Promise | str = ""
    strict: bool = True
    integer: bool = False  # the value is a record's id (checked as a number; whom it names, by the query)
    max_length: int = 64
    invalid_message: Promise | str = (
        ""  # what a value outside the choices reads (default: "Choose a valid value.")
    )
    template = "lists/filters/_select.html"

    def to_params(self, value: Any) -> dict[str, str]:
        return {self.name: str(value)}

    def parse(self, params: Mapping[str, Any], errors: Errors) -> Any:
        if self.integer:
            return _positive_integer(params, self.name, errors)
        value = text_param(params, self.name, self.max_length)
        if not value:
            return None
        if self.strict and value not in {str(key) for key, _label in self.options(None)}:
            _error(errors, self.name, self.invalid_message or _("Choose a valid value."))
            return None
        return value

    def q(self, value: Any) -> Q:
        return Q(**{self.field: value})

    def choices(self, user: Any, value: Any) -> Choices:
        offered = [(str(key), str(label)) for key, label in self.options(user)]
        if not value or self.integer or value in {key for key, _label in offered}:
            return offered
        if not self.strict:
            offered.append((value, value))
            return offered
        # a value the person is no longer offered (a retired level) but that still filters: shown chosen
        every = {str(key): str(label) for key, label in self.options(None)}
        if value in every:
            offered.append((value, _("%(name)s (retired)") % {"name": every[value]}))
        return offered


def _positive_integer(params: Mapping[str, Any], key: str, errors: Errors) -> int | None:
    raw = text_param(params, key)
    if not raw:
        return None
    try:
        number = int(raw)
    except ValueError:
        number = 0
    if number < 1:
        _error(errors, key, _("Choose a valid value."))
        return None
    return number


@dataclass(frozen=True, kw_only=True)
class RecordFilter(ListFilter):
    """The id of a related record (``field`` is the foreign key, e.g. "customer"): set by a link (a customer's
    "all its deals"), not typed, so the form carries it along hidden instead of offering a box for an id."""

    field: str
    in_form = False

    def parse(self, params: Mapping[str, Any], errors: Errors) -> Any:
        return _positive_integer(params, self.name, errors)

    def q(self, value: Any) -> Q:
        return Q(**{f"{self.field}_id": value})


@dataclass(frozen=True, kw_only=True)
class PersonFilter(RecordFilter):
    """A person (``field`` is the foreign key to the user, e.g. "owner" or "customer__owner"). The form offers
    the people the user's ``kind`` view scope reaches, and only when it reaches beyond themselves."""

    kind: str
    empty_label: Promise | str = ALL_OWNERS
    template = "lists/filters/_select.html"
    in_form = True
    needs_choices = True

    def choices(self, user: Any, value: Any) -> Choices:
        scope = scope_of(user, self.kind, "view")
        if scope <= Scope.OWN:
            return []
        return [(str(person.pk), person.name) for person in people_reached(user, scope)]


@dataclass(frozen=True, kw_only=True)
class DepartmentFilter(ListFilter):
    """A department and every one below it; ``field`` is the foreign key to the department ("department",
    "owner__department")."""

    field: str
    kind: str
    empty_label: Promise | str = ALL_DEPARTMENTS
    template = "lists/filters/_select.html"
    needs_choices = True

    def parse(self, params: Mapping[str, Any], errors: Errors) -> Any:
        return _positive_integer(params, self.name, errors)

    def q(self, value: Any) -> Q:
        departments = departments_reached(None, Scope.ALL)
        path = departments.model.objects.filter(pk=value).values_list("path", flat=True).first()
        if path is None:
            raise ValidationFailed({self.name: [_("This department does not exist.")]})
        return Q(**{f"{self.field}__path__startswith": path})

    def choices(self, user: Any, value: Any) -> Choices:
        scope = scope_of(user, self.kind, "view")
        return [(str(d.pk), "\u3000" * d.depth + d.name) for d in departments_reached(user, scope)]


@dataclass(frozen=True, kw_only=True)
class DateRangeFilter(ListFilter):
    """Inclusive local days ``<name>_from`` … ``<name>_to`` over the date-time (or date) ``field``."""

    field: str
    template = "lists/filters/_period.html"

    @property
    def params(self) -> tuple[str, ...]:
        return (f"{self.name}_from", f"{self.name}_to")

    def _day(self, params: Mapping[str, Any], key: str, errors: Errors) -> datetime.date | None:
        raw = text_param(params, key, 40)
        if not raw:
            return None
        try:
            return datetime.date.fromisoformat(raw[:10])
        except ValueError:
            _error(errors, key, _("Enter a valid date, e.g. 2024-05-31."))
            return None

    def parse(self, params: Mapping[str, Any], errors: Errors) -> Any:
        start, end = (self._day(params, key, errors) for key in self.params)
        if start and end and start > end:
            _error(errors, self.params[1], _("The end of the period is before its start."))
            return None
        return (start, end) if start or end else None

    def q(self, value: Any) -> Q:
        start, end = value
        q = Q()
        if start:
            q &= Q(**{f"{self.field}__gte": day_start(start)})
        if end:
            q &= Q(**{f"{self.field}__lt": day_start(end + datetime.timedelta(days=1))})
        return q

    def to_params(self, value: Any) -> dict[str, str]:
        return {key: day.isoformat() for key, day in zip(self.params, value, strict=True) if day}


@dataclass(frozen=True, kw_only=True)
class NumberRangeFilter(ListFilter):
    """``<name>_min`` … ``<name>_max`` (inclusive) over the number ``field``."""

    field: str
    template = "lists/filters/_range.html"

    @property
    def params(self) -> tuple[str, ...]:
        return (f"{self.name}_min", f"{self.name}_max")

    def _number(self, params: Mapping[str, Any], key: str, errors: Errors) -> decimal.Decimal | None:
        raw = text_param(params, key, 40)
        if not raw:
            return None
        try:
            number = decimal.Decimal(raw)
        except decimal.InvalidOperation:
            number = None
        if number is None or not number.is_finite() or abs(number) >= 10**15:
            _error(errors, key, _("Enter a number."))
            return None
        return number

    def parse(self, params: Mapping[str, Any], errors: Errors) -> Any:
        low, high = (self._number(params, key, errors) for key in self.params)
        if low is not None and high is not None and low > high:
            _error(errors, self.params[1], _("The largest value is below the smallest."))
            return None
        return (low, high) if low is not None or high is not None else None

    def q(self, value: Any) -> Q:
        low, high = value
        q = Q()
        if low is not None:
            q &= Q(**{f"{self.field}__gte": low})
        if high is not None:
            q &= Q(**{f"{self.field}__lte": high})
        return q

    def to_params(self, value: Any) -> dict[str, str]:
        return {key: str(n) for key, n in zip(self.params, value, strict=True) if n is not None}


@dataclass(frozen=True, kw_only=True)
class TagFilter(ListFilter):
    """Records carrying one tag; ``tag_q`` turns the tag into the condition (tags usually live in an indexed
    side table, e.g. a sub-select of the ids)."""

    tag_q: Callable[[str], Q]
    max_length: int = 64
    template = "lists/filters/_text.html"

    def parse(self, params: Mapping[str, Any], errors: Errors) -> Any:
        return text_param(params, self.name, self.max_length) or None

    def q(self, value: Any) -> Q:
        return self.tag_q(value)


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


@dataclass(frozen=True, kw_only=True)
class BooleanFilter(ListFilter):
    """Yes ("1") or no ("0") for the boolean ``field``."""

    field: str
    empty_label: Promise | str = ALL_LABEL
    yes_label: Promise | str = YES_LABEL
    no_label: Promise | str = NO_LABEL
    template = "lists/filters/_select.html"

    def parse(self, params: Mapping[str, Any], errors: Errors) -> Any:
        raw = text_param(params, self.name, 10).lower()
        if not raw:
            return None
        if raw in TRUE_WORDS | FALSE_WORDS:
            return raw in TRUE_WORDS
        _error(errors, self.name, _("Choose a valid value."))
        return None

    def q(self, value: Any) -> Q:
        return Q(**{self.field: value})

    def to_params(self, value: Any) -> dict[str, str]:
        return {self.name: "1" if value else "0"}

    def choices(self, user: Any, value: Any) -> Choices:
        return [("1", str(self.yes_label)), ("0", str(self.no_label))]


@dataclass
class FilterField:
    """A filter as the form shows it: its template, values as typed, errors and choices."""

    filter: ListFilter
    raw: dict[str, str]
    errors: list[str] = field(default_factory=list)
    choices: Choices = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.filter.name

    @property
    def value(self) -> str:
        return self.raw.get(self.filter.params[0], "")

    @property
    def low(self) -> str:
        return self.value

    @property
    def high(self) -> str:
        return self.raw.get(self.filter.params[-1], "")

    @property
    def shown(self) -> bool:
        """People and departments are offered only when the person's scope reaches beyond themselves; a
        record filter never (it is set by a link and kept hidden)."""
        if not self.filter.in_form:
            return False
        return bool(self.choices) or not self.filter.needs_choices
