"""Customers and sales contacts: customers, contacts, leads, follow-ups and the pool."""

from atrium.customers.models.choices import (
    ChoiceOption,
    CustomerLevel,
    CustomerStatus,
    CustomerType,
    FollowUpType,
    LeadStatus,
    OptionList,
)
from atrium.customers.models.contacts import Contact
from atrium.customers.models.customers import Customer, CustomerCollaborator, CustomerTag, PoolSettings
from atrium.customers.models.followups import FollowUp, FollowUpReminderDay
from atrium.customers.models.leads import Lead

__all__ = [
    "ChoiceOption",
    "Contact",
    "Customer",
    "CustomerCollaborator",
    "CustomerLevel",
    "CustomerStatus",
    "CustomerTag",
    "CustomerType",
    "FollowUp",
    "FollowUpReminderDay",
    "FollowUpType",
    "Lead",
    "LeadStatus",
    "OptionList",
    "PoolSettings",
]
