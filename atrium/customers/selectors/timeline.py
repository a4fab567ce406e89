"""A customer's activity timeline (``atrium.core.timeline``): its follow-ups the viewer may see and the
operation-log rows of it and its contacts, newest first, in keyset pages."""

from __future__ import annotations

from typing import Any

from atrium.core.timeline import TimelineEntry, TimelinePage, record_timeline
from atrium.customers.models import Customer
from atrium.customers.selectors.records import customer_get

__all__ = ["TimelineEntry", "TimelinePage", "customer_timeline"]


def customer_timeline(
    user: Any, customer: Customer | int, cursor: str | None = None, limit: int = 20
) -> TimelinePage:
    """Newest first; NotFound when the user cannot see the customer."""
    record = customer_get(user, customer.pk if isinstance(customer, Customer) else customer)
    return record_timeline(user, "customer", record, cursor, limit)
