"""What the record pages show beside the record itself: its contacts and follow-ups (through the access
layer), which actions to offer, the option lists of the forms and the people a customer can be handed to.

Only reads, each through ``core.access`` or the customers selectors; the pages call one function here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from atrium.core.access import can, visible
from atrium.core.search import search_filter
from atrium.customers.models import Contact, Customer, FollowUp, Lead
from atrium.customers.selectors import (
    contact_get,
    customer_contacts,
    customer_get,
    lead_get,
    may,
    pool_settings,
)
from atrium.customers.selectors.followups import followups_seen_by
from atrium.fields.record_forms import custom_display_many

RECENT_FOLLOWUPS = 20
MERGE_CANDIDATES = 20


def _recent_followups(user: Any, **record: Any) -> list[FollowUp]:
    """The record's newest follow-ups that the follow-up API would answer to this user."""
    qs = followups_seen_by(user, **record).select_related("owner", "contact").order_by("-happened_at", "-id")
    followups = list(qs[:RECENT_FOLLOWUPS])
    facts = custom_display_many(user, "followup", followups) if followups else {}
    for followup in followups:
        followup.custom_rows = facts.get(followup.pk, [])  # type: ignore[attr-defined]
    return followups


@dataclass
class CustomerPage:
    customer: Customer
    contacts: list[Contact]
    followups: list[FollowUp]
    can_edit: bool
    can_claim: bool
    can_release: bool
    can_transfer: bool
    can_merge: bool
    can_add_contact: bool
    can_log_followup: bool
    can_delete: bool = False
    merged_into: Customer | None = None


def customer_page(user: Any, customer_id: Any) -> CustomerPage:
    customer = customer_get(user, customer_id)
    can_edit = may(user, "customer", "edit", customer) and not customer.is_archived
    owned = customer.owner_id is not None
    return CustomerPage(
        customer=customer,
        contacts=customer_contacts(user, customer),
        followups=_recent_followups(user, customer=customer),
        can_edit=can_edit,
        can_claim=not owned and not customer.is_archived and can(user, "customer_pool", "assign"),
        can_release=owned and can_edit,
        can_transfer=may(user, "customer", "assign", customer) and not customer.is_archived,
        can_merge=can_edit,
        can_add_contact=can_edit and can(user, "contact", "create"),
        can_log_followup=not customer.is_archived and can(user, "followup", "create"),
        can_delete=may(user, "customer", "delete", customer),
        merged_into=customer.merged_into if customer.merged_into_id else None,
    )


@dataclass
class ContactPage:
    contact: Contact
    followups: list[FollowUp]
    can_edit: bool
    can_log_followup: bool


def contact_page(user: Any, contact_id: Any) -> ContactPage:
    contact = contact_get(user, contact_id)
    return ContactPage(
        contact=contact,
        followups=_recent_followups(user, contact=contact),
        can_edit=may(user, "contact", "edit", contact),
        can_log_followup=can(user, "followup", "create"),
    )


@dataclass
class LeadPage:
    lead: Lead
    followups: list[FollowUp]
    can_edit: bool
    can_convert: bool
    can_log_followup: bool
    converted_customer_visible: bool = False
    converted_contact_visible: bool = False


def lead_page(user: Any, lead_id: Any) -> LeadPage:
    lead = lead_get(user, lead_id)
    can_edit = may(user, "lead", "edit", lead)
    customer_ids = visible(user, "customer").filter(pk=lead.converted_customer_id)
    contact_ids = visible(user, "contact").filter(pk=lead.converted_contact_id)
    return LeadPage(
        lead=lead,
        followups=_recent_followups(user, lead=lead),
        can_edit=can_edit,
        can_convert=can_edit and lead.converted_at is None and can(user, "customer", "create"),
        can_log_followup=can(user, "followup", "create"),
        converted_customer_visible=bool(lead.converted_customer_id) and customer_ids.exists(),
        converted_contact_visible=bool(lead.converted_contact_id) and contact_ids.exists(),
    )


@dataclass
class MergeChoice:
    text: str = ""
    candidates: list[Customer] = field(default_factory=list)
    other: Customer | None = None


def merge_choice(user: Any, customer: Customer, text: str, other_id: Any) -> MergeChoice:
    """Customers the user may edit that match ``text`` (their number, or part of the name or phone through the
    search index), or the one picked."""
    if other_id:
        return MergeChoice(text=text, other=customer_get(user, other_id))
    if not text:
        return MergeChoice()
    editable = visible(user, "customer", Customer.objects.filter(is_archived=False), action="edit")
    match = search_filter("customer", text)
    if text.isdigit() and len(text) <= 18:
        match |= Q(pk=int(text))
    rows = editable.filter(match).exclude(pk=customer.pk).select_related("owner").order_by("-id")
    return MergeChoice(text=text, candidates=list(rows[:MERGE_CANDIDATES]))


@dataclass
class SettingsPage:
    pool: Any
    can_edit: bool


def settings_page(user: Any) -> SettingsPage:
    """The pool rules, for the customer settings page."""
    return SettingsPage(pool=pool_settings(), can_edit=can(user, "customer_settings", "edit"))
