"""Reads of any list: its scoped, filtered and sorted queryset, one keyset page of it, a capped count, and the
saved views a person may use. The base queryset is the spec's, which goes through ``core.access``."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from atrium.core.errors import ValidationFailed
from atrium.core.pagination import Page, keyset_ordering, keyset_page
from atrium.lists.models import SavedView
from atrium.lists.query import ListQuery


def _ordering(query: ListQuery) -> list[str]:
    field = query.spec.sortable_for(query.viewer)[query.sort_column]
    sign = "-" if query.descending else ""
    return [f"{sign}{field}"] if field in ("id", "pk") else [f"{sign}{field}", f"{sign}id"]


def _filters_q(query: ListQuery) -> Q:
    q = Q()
    for item in query.spec.all_filters(query.viewer):
        if item.name in query.values:
            q &= item.q(query.values[item.name])
    return q


def filtered_queryset(user: Any, query: ListQuery, action: str = "view") -> QuerySet:
    """The records of the list the user may see (or export, with ``action="export"``), filtered."""
    return query.spec.queryset(user, action).filter(_filters_q(query))


def list_queryset(user: Any, query: ListQuery, action: str = "view") -> QuerySet:
    """The same, sorted; the ordering always ends with the primary key."""
    qs = filtered_queryset(user, query, action)
    return qs.order_by(*keyset_ordering(qs.model, _ordering(query)))


def checked_limit(limit: Any, most: int = 200) -> int:
    try:
        number = int(limit)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= most:
        raise ValidationFailed({"limit": [_("Enter a number from 1 to %(max)d.") % {"max": most}]})
    return number


def list_page(
    user: Any,
    query: ListQuery,
    cursor: str | None = None,
    limit: Any = 50,
    *,
    filtered: QuerySet | None = None,
) -> Page:
    """One page of the list, its related rows loaded in the same query (``filtered``: the list's
    ``filtered_queryset``, when the caller has it already)."""
    size = checked_limit(limit, query.spec.max_limit)
    qs = filtered if filtered is not None else filtered_queryset(user, query)
    return keyset_page(qs, _ordering(query), cursor, size)


def count_label(qs: QuerySet, cap: int = 1000) -> str:
    """ "37" or "1,000+": counts at most ``cap`` + 1 rows, never the whole set."""
    number = qs.order_by()[: cap + 1].count()
    return f"{cap:,}+" if number > cap else f"{number:,}"


def saved_views(user: Any, list_key: str) -> list[SavedView]:
    """The user's own saved views of a list and those others shared, own first."""
    mine = Case(When(owner_id=user.pk, then=Value(0)), default=Value(1), output_field=IntegerField())
    qs = SavedView.objects.filter(Q(owner_id=user.pk) | Q(is_shared=True), list_key=list_key)
    return list(qs.select_related("owner").annotate(mine=mine).order_by("mine", "name", "id"))
