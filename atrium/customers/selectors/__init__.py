"""Every read of customers, contacts, leads, follow-ups and the pool, always through ``core.access``."""

from atrium.customers.selectors.duplicates import DuplicateHint, duplicate_hints
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
    pool_settings,
)
from atrium.customers.selectors.timeline import TimelineEntry, TimelinePage, customer_timeline

__all__ = [
    "DuplicateHint",
    "TimelineEntry",
    "TimelinePage",
    "contact_get",
    "customer_contacts",
    "customer_followups",
    "customer_get",
    "customer_timeline",
    "duplicate_hints",
    "followup_get",
    "lead_followups",
    "lead_get",
    "may",
    "may_claim",
    "pool_settings",
]
