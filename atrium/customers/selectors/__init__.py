"""Every read of customers, contacts, leads, follow-ups and the pool, always through ``core.access``."""

from atrium.customers.selectors.duplicates import DuplicateHint, duplicate_hints
from atrium.customers.selectors.lists import MAX_LIMIT, count_label, list_page, list_queryset
from atrium.customers.selectors.records import (
    contact_get,
    customer_contacts,
    customer_followups,
    customer_get,
    followup_get,
    lead_followups,
    lead_get,
    may,
    may_claim,
    options,
    pool_settings,
    saved_views,
)
from atrium.customers.selectors.timeline import TimelineEntry, TimelinePage, customer_timeline

__all__ = [
    "MAX_LIMIT",
    "DuplicateHint",
    "TimelineEntry",
    "TimelinePage",
    "contact_get",
    "count_label",
    "customer_contacts",
    "customer_followups",
    "customer_get",
    "customer_timeline",
    "duplicate_hints",
    "followup_get",
    "lead_followups",
    "lead_get",
    "list_page",
    "list_queryset",
    "may",
    "may_claim",
    "options",
    "pool_settings",
    "saved_views",
]
