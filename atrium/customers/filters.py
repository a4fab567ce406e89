"""The filters, sort and columns of the customer lists (customers, contacts, leads and the pool).

One ``ListQuery`` is parsed from the query string of a page, the API, an export or a saved view, so every
surface filters the same way. ``SORTABLE_COLUMNS`` lists the columns a list may be sorted by ("-name" is
descending); ``COLUMNS`` the columns it can show, in order; ``DEFAULT_COLUMNS`` those shown by default.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from atrium.core.errors import ValidationFailed
from atrium.customers.models import CustomerLevel, CustomerStatus, LeadStatus

LIST_KEYS = ("customers", "contacts", "leads", "pool")
DEFAULT_SORT = "-created_at"

COLUMNS: dict[str, list[tuple[str, Promise]]] = {
    "customers": [
        ("name", _("Name")),
        ("short_name", _("Short name")),
        ("type", _("Type")),
        ("industry", _("Industry")),
        ("source", _("Source")),
        ("level", _("Level")),
        ("status", _("Status")),
        ("region", _("Region")),
        ("address", _("Address")),
        ("phone", pgettext_lazy("customer field", "Phone")),
        ("email", _("E-mail")),
        ("website", _("Website")),
        ("tags", _("Tags")),
        ("owner", _("Owner")),
        ("created_at", _("Created")),
        ("updated_at", _("Updated")),
        ("last_followup_at", _("Last follow-up")),
        ("next_followup_at", _("Next follow-up")),
    ],
    "contacts": [
        ("name", _("Name")),
        ("customer", _("Customer")),
        ("title", _("Job title")),
        ("phone", pgettext_lazy("customer field", "Phone")),
        ("mobile", _("Mobile")),
        ("email", _("E-mail")),
        ("wechat", _("WeChat")),
        ("birthday", _("Birthday")),
        ("is_primary", _("Primary contact")),
        ("owner", _("Owner")),
        ("created_at", _("Created")),
        ("last_followup_at", _("Last follow-up")),
    ],
    "leads": [
        ("name", _("Name")),
        ("company", _("Company")),
        ("phone", pgettext_lazy("customer field", "Phone")),
        ("email", _("E-mail")),
        ("source", _("Source")),
        ("status", _("Status")),
        ("address", _("Address")),
        ("owner", _("Owner")),
        ("created_at", _("Created")),
        ("last_followup_at", _("Last follow-up")),
        ("next_followup_at", _("Next follow-up")),
    ],
    "pool": [
        ("name", _("Name")),
        ("type", _("Type")),
        ("industry", _("Industry")),
        ("source", _("Source")),
        ("level", _("Level")),
        ("region", _("Region")),
        ("phone", pgettext_lazy("customer field", "Phone")),
        ("tags", _("Tags")),
        ("previous_owner", _("Previous owner")),
        ("owned_since", _("In the pool since")),
        ("created_at", _("Created")),
        ("last_followup_at", _("Last follow-up")),
    ],
}

DEFAULT_COLUMNS: dict[str, list[str]] = {
    "customers": ["name", "industry", "level", "status", "phone", "owner", "last_followup_at", "created_at"],
    "contacts": ["name", "customer", "title", "mobile", "phone", "email", "owner", "last_followup_at"],
    "leads": ["name", "company", "phone", "source", "status", "owner", "last_followup_at", "created_at"],
    "pool": ["name", "industry", "level", "phone", "previous_owner", "owned_since", "last_followup_at"],
}

SORTABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "customers": (
        "name",
        "industry",
        "source",
        "level",
        "status",
        "created_at",
        "updated_at",
        "last_followup_at",
        "next_followup_at",
    ),
    "contacts": ("name", "created_at", "last_followup_at"),
    "leads": ("name", "company", "source", "status", "created_at", "last_followup_at", "next_followup_at"),
    "pool": ("name", "industry", "source", "level", "created_at", "owned_since", "last_followup_at"),
}

# Which filters each list understands; the others are ignored when parsing.
FILTERS: dict[str, frozenset[str]] = {
    "customers": frozenset(
        {"q", "owner", "department", "industry", "source", "level", "status", "tag", "created", "followup"}
    ),
    "contacts": frozenset(
        {"q", "owner", "department", "industry", "source", "level", "tag", "created", "followup"}
    ),
    "leads": frozenset({"q", "owner", "department", "source", "status", "created", "followup"}),
    "pool": frozenset({"q", "industry", "source", "level", "status", "tag", "created", "followup"}),
}

STATUS_CHOICES: dict[str, set[str]] = {
    "customers": set(CustomerStatus.values),
    "contacts": set(CustomerStatus.values),
    "pool": set(CustomerStatus.values),
    "leads": set(LeadStatus.values),
}


@dataclass
class ListQuery:
    """The filters and sort of one list. Dates are inclusive days; ``sort`` is a column key, "-" for
    descending."""

    list_key: str = "customers"
    q: str = ""
    owner: int | None = None
    department: int | None = None
    industry: str = ""
    source: str = ""
    level: str = ""
    status: str = ""
    tag: str = ""
    created_from: datetime.date | None = None
    created_to: datetime.date | None = None
    followup_from: datetime.date | None = None
    followup_to: datetime.date | None = None
    sort: str = DEFAULT_SORT

    def to_params(self) -> dict[str, str]:
        """The non-empty values as query-string parameters (``list_key`` is not one: it is the URL)."""
        params: dict[str, str] = {}
        for item in fields(self):
            if item.name == "list_key":
                continue
            value = getattr(self, item.name)
            if value is None or value == "":
                continue
            if item.name == "sort" and value == DEFAULT_SORT:
                continue
            params[item.name] = value.isoformat() if isinstance(value, datetime.date) else str(value)
        return params

    @property
    def sort_column(self) -> str:
        return self.sort.lstrip("-")

    @property
    def descending(self) -> bool:
        return self.sort.startswith("-")

    @property
    def is_filtered(self) -> bool:
        return any(key != "sort" for key in self.to_params())


Errors = dict[str, list[str]]


def _text(params: Mapping[str, Any], key: str, limit: int = 100) -> str:
    value = params.get(key)
    return str(value).strip()[:limit] if value is not None else ""


def _integer(params: Mapping[str, Any], key: str, errors: Errors) -> int | None:
    raw = _text(params, key)
    if not raw:
        return None
    try:
        number = int(raw)
    except ValueError:
        number = 0
    if number < 1:
        errors.setdefault(key, []).append(str(_("Choose a valid value.")))
        return None
    return number


def _date(params: Mapping[str, Any], key: str, errors: Errors) -> datetime.date | None:
    raw = _text(params, key, 40)
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw[:10]) if len(raw) >= 10 else datetime.date.fromisoformat(raw)
    except ValueError:
        errors.setdefault(key, []).append(str(_("Enter a valid date, e.g. 2024-05-31.")))
        return None


def _check_period(query: ListQuery, start: str, end: str, errors: Errors) -> None:
    first, last = getattr(query, start), getattr(query, end)
    if first and last and first > last:
        errors.setdefault(end, []).append(str(_("The end of the period is before its start.")))


def _sort(list_key: str, params: Mapping[str, Any], errors: Errors) -> str:
    raw = _text(params, "sort") or DEFAULT_SORT
    if raw.lstrip("-") not in SORTABLE_COLUMNS[list_key] or raw.startswith("--"):
        errors.setdefault("sort", []).append(str(_("This list cannot be sorted by this column.")))
        return DEFAULT_SORT
    return raw


def parse_list_query(list_key: str, params: Mapping[str, Any]) -> ListQuery:
    """Read a list's filters from query parameters; ValidationFailed names each bad parameter."""
    if list_key not in LIST_KEYS:
        raise ValidationFailed({"list_key": [_("Unknown list.")]})
    allowed = FILTERS[list_key]
    errors: Errors = {}
    query = ListQuery(list_key=list_key, sort=_sort(list_key, params, errors))
    if "q" in allowed:
        query.q = _text(params, "q")
    if "owner" in allowed:
        query.owner = _integer(params, "owner", errors)
    if "department" in allowed:
        query.department = _integer(params, "department", errors)
    for key in ("industry", "source", "tag"):
        if key in allowed:
            setattr(query, key, _text(params, key, 64))
    if "level" in allowed:
        query.level = _text(params, "level", 10)
        if query.level and query.level not in CustomerLevel.values:
            errors.setdefault("level", []).append(str(_("Choose a valid value.")))
    if "status" in allowed:
        query.status = _text(params, "status", 20)
        if query.status and query.status not in STATUS_CHOICES[list_key]:
            errors.setdefault("status", []).append(str(_("Choose a valid value.")))
    if "created" in allowed:
        query.created_from = _date(params, "created_from", errors)
        query.created_to = _date(params, "created_to", errors)
        _check_period(query, "created_from", "created_to", errors)
    if "followup" in allowed:
        query.followup_from = _date(params, "followup_from", errors)
        query.followup_to = _date(params, "followup_to", errors)
        _check_period(query, "followup_from", "followup_to", errors)
    if errors:
        raise ValidationFailed(errors)
    return query
