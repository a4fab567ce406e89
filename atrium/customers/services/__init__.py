"""Every write on customers, contacts, leads, follow-ups, the pool and option lists.

Each service runs in one transaction, writes its operation-log row with ``audit()``, keeps the search index
in step (``reindex``/``unindex`` inside the transaction) and sends notifications after commit.
"""

from atrium.customers.services.contacts import contact_create, contact_delete, contact_update
from atrium.customers.services.customers import (
    customer_create,
    customer_delete,
    customer_update,
    customers_add_tags,
    customers_bulk_delete,
)
from atrium.customers.services.duplicates import DuplicateFound
from atrium.customers.services.followups import (
    followup_create,
    followup_delete,
    followup_update,
    followups_send_daily_reminders,
    followups_send_due_reminders,
)
from atrium.customers.services.leads import lead_convert, lead_create, lead_delete, lead_update
from atrium.customers.services.merge import customers_merge
from atrium.customers.services.pool import (
    customer_claim,
    customer_release,
    customers_claim,
    customers_release,
    customers_transfer,
    pool_return_stale,
    pool_settings_update,
)

__all__ = [
    "DuplicateFound",
    "contact_create",
    "contact_delete",
    "contact_update",
    "customer_claim",
    "customer_create",
    "customer_delete",
    "customer_release",
    "customer_update",
    "customers_add_tags",
    "customers_bulk_delete",
    "customers_claim",
    "customers_merge",
    "customers_release",
    "customers_transfer",
    "followup_create",
    "followup_delete",
    "followup_update",
    "followups_send_daily_reminders",
    "followups_send_due_reminders",
    "lead_convert",
    "lead_create",
    "lead_delete",
    "lead_update",
    "pool_return_stale",
    "pool_settings_update",
]
