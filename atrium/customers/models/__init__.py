"""Customers and sales contacts: customers, contacts, leads, follow-ups, the pool and saved list views."""

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
from atrium.customers.models.followups import FollowUp
from atrium.customers.models.leads import Lead
from atrium.customers.models.saved_views import SavedView

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
    "FollowUpType",
    "Lead",
    "LeadStatus",
    "OptionList",
    "PoolSettings",
    "SavedView",
]
