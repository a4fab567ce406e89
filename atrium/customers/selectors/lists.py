"""The four customer lists (customers, contacts, leads, pool): scoped querysets, filters, sort and pages.

Scoping goes through ``core.access``. The customers list shows owned customers (the pool is its own list);
archived (merged) customers are hidden everywhere. Sorting by "created_at" uses the primary key, which
follows creation order and is covered by the (owner, id) indexes.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from atrium.accounts.models import Department
from atrium.core.access import require, scope_of, visible
from atrium.core.errors import ValidationFailed
from atrium.core.kinds import Scope
from atrium.core.pagination import Page
from atrium.customers.filters import ListQuery
from atrium.customers.kinds import collaborations_q
from atrium.customers.models import Contact, Customer, CustomerTag, Lead
from atrium.customers.selectors.paging import sorted_ordering, sorted_page

MAX_LIMIT = 200
SEARCH_KIND = {"customers": "customer", "pool": "customer", "contacts": "contact", "leads": "lead"}
# Where each list finds the customer fields it filters on ("" = the record itself is the customer).
CUSTOMER_PATH = {"customers": "", "pool": "", "contacts": "customer__"}
OWNER_PATH = {"customers": "owner", "contacts": "customer__owner", "leads": "owner"}
SORT_FIELDS = {"created_at": "id"}


def _base(user: Any, list_key: str, action: str) -> QuerySet:
    if list_key == "customers":
        # Owned customers only, so the pool branch of the customer's member rule is left out (it would make
        # the database consider every pool customer); collaborations are added back for viewing.
        owned = Customer.objects.select_related("owner").filter(owner__isnull=False, is_archived=False)
        qs = visible(user, "customer", owned, action, members=False)
        if action == "view" and scope_of(user, "customer", "view") != Scope.ALL:
            qs = qs | owned.filter(collaborations_q(user))
        return qs
    if list_key == "pool":
        pool = Customer.objects.select_related("previous_owner").filter(owner__isnull=True, is_archived=False)
        if action == "view":
            require(user, "customer_pool", "view")
            return pool
        return visible(user, "customer", pool, action)
    if list_key == "contacts":
        qs = visible(user, "contact", Contact.objects.select_related("customer__owner"), action)
        qs = qs.filter(customer__is_archived=False)
        if scope_of(user, "contact", action) != Scope.ALL:
            qs = qs.filter(customer__owner__isnull=False)
        return qs
    return visible(user, "lead", Lead.objects.select_related("owner"), action)


def require_list(user: Any, list_key: str, action: str) -> None:
    kind = {"customers": "customer", "contacts": "contact", "leads": "lead", "pool": "customer_pool"}[
        list_key
    ]
    require(user, kind, "view" if list_key == "pool" else action)


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _period_q(field: str, start: datetime.date | None, end: datetime.date | None) -> Q:
    q = Q()
    if start:
        q &= Q(**{f"{field}__gte": _day_start(start)})
    if end:
        q &= Q(**{f"{field}__lt": _day_start(end + datetime.timedelta(days=1))})
    return q


def _department_q(owner_path: str, department_id: int) -> Q:
    department = Department.objects.filter(pk=department_id).only("path").first()
    if department is None:
        raise ValidationFailed({"department": [_("This department does not exist.")]})
    return Q(**{f"{owner_path}__department__path__startswith": department.path})


def _customer_filters_q(query: ListQuery, prefix: str) -> Q:
    q = Q()
    for name in ("industry", "source", "level"):
        value = getattr(query, name)
        if value:
            q &= Q(**{f"{prefix}{name}": value})
    if query.status and query.list_key != "contacts":
        q &= Q(**{f"{prefix}status": query.status})
    if query.tag:
        ids = CustomerTag.objects.filter(tag=query.tag).values("customer_id")
        q &= Q(**{f"{prefix}pk__in" if prefix else "pk__in": ids})
    return q


def _filters_q(query: ListQuery) -> Q:
    key = query.list_key
    q = Q()
    owner_path = OWNER_PATH.get(key)
    if owner_path and query.owner:
        q &= Q(**{f"{owner_path}_id": query.owner})
    if owner_path and query.department:
        q &= _department_q(owner_path, query.department)
    if key in CUSTOMER_PATH:
        q &= _customer_filters_q(query, CUSTOMER_PATH[key])
    elif query.source or query.status:
        q &= Q(**{k: v for k, v in (("source", query.source), ("status", query.status)) if v})
    q &= _period_q("created_at", query.created_from, query.created_to)
    q &= _period_q("last_followup_at", query.followup_from, query.followup_to)
    if query.q:
        from atrium.core.search import search_filter

        q &= search_filter(SEARCH_KIND[key], query.q)
    return q


def list_queryset(user: Any, query: ListQuery, action: str = "view") -> QuerySet:
    """The records of ``query.list_key`` the user may see (or export, with ``action="export"``), filtered and
    sorted; the ordering always ends with the primary key."""
    require_list(user, query.list_key, action)
    qs = _base(user, query.list_key, action).filter(_filters_q(query))
    field = SORT_FIELDS.get(query.sort_column, query.sort_column)
    return qs.order_by(*sorted_ordering(field, query.descending))


def _limit(limit: Any) -> int:
    try:
        number = int(limit)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= MAX_LIMIT:
        raise ValidationFailed({"limit": [_("Enter a number from 1 to %(max)d.") % {"max": MAX_LIMIT}]})
    return number


def list_page(user: Any, query: ListQuery, cursor: str | None = None, limit: Any = 50) -> Page:
    """One page of a list, its related rows loaded in the same query (owner, customer)."""
    size = _limit(limit)
    qs = list_queryset(user, query)
    field = SORT_FIELDS.get(query.sort_column, query.sort_column)
    return sorted_page(qs, field, query.descending, cursor, size)


def count_label(qs: QuerySet, cap: int = 1000) -> str:
    """ "37" or "1,000+": counts at most ``cap`` + 1 rows, never the whole set."""
    number = qs.order_by()[: cap + 1].count()
    return f"{cap:,}+" if number > cap else f"{number:,}"
