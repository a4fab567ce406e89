"""Customers and sales contacts: customers, contacts, leads, follow-ups and the pool."""

from atrium.customers.models.choices import (
    DEFAULT_FOLLOWUP_TYPE,
    CustomerStatus,
    CustomerType,
    LeadStatus,
    OptionList,
)
from atrium.customers.models.contacts import Contact
from atrium.customers.models.customers import Customer, CustomerCollaborator, CustomerTag, PoolSettings
from atrium.customers.models.followups import FollowUp, FollowUpReminderDay
from atrium.customers.models.leads import Lead

__all__ = [
    "DEFAULT_FOLLOWUP_TYPE",
    "Contact",
    "Customer",
    "CustomerCollaborator",
    "CustomerStatus",
    "CustomerTag",
    "CustomerType",
    "FollowUp",
    "FollowUpReminderDay",
    "Lead",
    "LeadStatus",
    "OptionList",
    "PoolSettings",
]
