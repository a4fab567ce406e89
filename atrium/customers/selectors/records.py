"""Loading one customer, contact, lead or follow-up for a user: NotFound when missing or out of scope, and
the ``can_*`` flags that say which writes a page or the API may offer on it."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from atrium.core.access import can, check_action, get_visible
from atrium.core.errors import Forbidden
from atrium.customers.models import Contact, Customer, FollowUp, Lead, PoolSettings


def customer_get(user: Any, pk: Any) -> Customer:
    qs = Customer.objects.select_related("owner", "previous_owner", "merged_into")
    return get_visible(user, "customer", pk, qs)


def contact_get(user: Any, pk: Any) -> Contact:
    return get_visible(user, "contact", pk, Contact.objects.select_related("customer__owner"))


def lead_get(user: Any, pk: Any) -> Lead:
    qs = Lead.objects.select_related("owner", "converted_customer", "converted_contact")
    return get_visible(user, "lead", pk, qs)


def followup_get(user: Any, pk: Any) -> FollowUp:
    qs = FollowUp.objects.select_related("owner", "customer", "contact", "lead")
    return get_visible(user, "followup", pk, qs)


def may(user: Any, kind: str, action: str, record: Model) -> bool:
    """Whether ``action`` is granted on this visible record (for showing buttons)."""
    try:
        check_action(user, kind, action, record)
    except Forbidden:
        return False
    return True


def customer_contacts(user: Any, customer: Customer) -> list[Contact]:
    """The contacts of a customer the user can see (primary first)."""
    return list(customer.contacts.order_by("-is_primary", "id")[:200])


def customer_followups(customer: Customer, limit: int = 50) -> list[FollowUp]:
    qs = customer.followups.select_related("owner", "contact").order_by("-happened_at", "-id")
    return list(qs[:limit])


def lead_followups(lead: Lead, limit: int = 50) -> list[FollowUp]:
    return list(lead.followups.select_related("owner").order_by("-happened_at", "-id")[:limit])


def pool_settings() -> PoolSettings:
    return PoolSettings.current()


def may_claim(user: Any) -> bool:
    return can(user, "customer_pool", "assign")
