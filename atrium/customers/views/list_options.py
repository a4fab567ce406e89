"""The choices a list page offers: owners and departments within the person's reach, the industry and source
lists, levels and statuses, and the people one may transfer customers to."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from atrium.core.access import scope_of
from atrium.core.kinds import Scope
from atrium.customers.filters import FILTERS, ListQuery
from atrium.customers.models import (
    CustomerLevel,
    CustomerStatus,
    LeadStatus,
    OptionList,
)
from atrium.customers.selectors import options
from atrium.customers.selectors.people import departments_in_scope, people_in_scope

Choices = list[tuple[str, str]]
LIST_KINDS = {"customers": "customer", "contacts": "contact", "leads": "lead", "pool": "customer"}


@dataclass
class FilterOptions:
    owners: Choices = field(default_factory=list)
    departments: Choices = field(default_factory=list)
    industries: Choices = field(default_factory=list)
    sources: Choices = field(default_factory=list)
    levels: Choices = field(default_factory=list)
    statuses: Choices = field(default_factory=list)
    transfer_to: Choices = field(default_factory=list)


def _departments(user: Any, scope: Scope) -> Choices:
    return [(str(d.pk), "\u3000" * d.depth + d.name) for d in departments_in_scope(user, scope)]


def _option_lists(current: ListQuery) -> tuple[Choices, Choices]:
    industries = [(o.value, o.value) for o in options(OptionList.INDUSTRY)]
    sources = [(o.value, o.value) for o in options(OptionList.SOURCE)]
    for choices, value in ((industries, current.industry), (sources, current.source)):
        if value and (value, value) not in choices:  # a retired option still filters old records
            choices.append((value, value))
    return industries, sources


def filter_options(user: Any, list_key: str, query: ListQuery) -> FilterOptions:
    allowed = FILTERS[list_key]
    kind = LIST_KINDS[list_key]
    view_scope = scope_of(user, kind, "view")
    options = FilterOptions()
    people: dict[Scope, Choices] = {}

    def people_choices(scope: Scope) -> Choices:
        if scope not in people:
            people[scope] = [(str(person.pk), person.name) for person in people_in_scope(user, scope)]
        return people[scope]

    if "owner" in allowed and view_scope > Scope.OWN:
        options.owners = people_choices(view_scope)
    if "department" in allowed:
        options.departments = _departments(user, view_scope)
    if allowed & {"industry", "source"}:
        options.industries, options.sources = _option_lists(query)
    options.levels = [(value, str(label)) for value, label in CustomerLevel.choices]
    statuses = LeadStatus.choices if list_key == "leads" else CustomerStatus.choices
    options.statuses = [(value, str(label)) for value, label in statuses]
    if list_key == "customers":
        assign_scope = scope_of(user, "customer", "assign")
        options.transfer_to = people_choices(assign_scope)
    return options
