"""What the record pages show beside the record itself: its contacts and follow-ups (through the access
layer), which actions to offer, the option lists of the forms and the people a customer can be handed to.

Only reads, each through ``core.access`` or the customers selectors; the pages call one function here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Q
from django.utils.translation import gettext as _

from atrium.core.access import can, visible
from atrium.core.search import search_filter
from atrium.customers.models import Contact, Customer, FollowUp, Lead, OptionList
from atrium.customers.selectors import (
    contact_get,
    customer_contacts,
    customer_followups,
    customer_get,
    lead_followups,
    lead_get,
    may,
    options,
    pool_settings,
)

RECENT_FOLLOWUPS = 20
MERGE_CANDIDATES = 20


def option_lists() -> dict[str, list[str]]:
    """The active industry and source options, in their order, for the forms' selects."""
    return {
        "industries": [o.value for o in options(OptionList.INDUSTRY)],
        "sources": [o.value for o in options(OptionList.SOURCE)],
    }


def _contact_followups(contact: Contact) -> list[FollowUp]:
    qs = contact.followups.select_related("owner").order_by("-happened_at", "-id")
    return list(qs[:RECENT_FOLLOWUPS])


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
    merged_into: Customer | None = None


def customer_page(user: Any, customer_id: Any) -> CustomerPage:
    customer = customer_get(user, customer_id)
    can_edit = may(user, "customer", "edit", customer) and not customer.is_archived
    owned = customer.owner_id is not None
    return CustomerPage(
        customer=customer,
        contacts=customer_contacts(user, customer),
        followups=customer_followups(customer, RECENT_FOLLOWUPS),
        can_edit=can_edit,
        can_claim=not owned and not customer.is_archived and can(user, "customer_pool", "assign"),
        can_release=owned and can_edit,
        can_transfer=may(user, "customer", "assign", customer) and not customer.is_archived,
        can_merge=can_edit,
        can_add_contact=can_edit and can(user, "contact", "create"),
        can_log_followup=not customer.is_archived and can(user, "followup", "create"),
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
        followups=_contact_followups(contact),
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
        followups=lead_followups(lead, RECENT_FOLLOWUPS),
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
class OptionListView:
    key: str
    label: Any
    options: list[Any]


@dataclass
class SettingsPage:
    lists: list[OptionListView]
    pool: Any
    can_edit: bool


def settings_page(user: Any) -> SettingsPage:
    """The option lists (inactive ones too) and the pool rules, for the customer settings page."""
    return SettingsPage(
        lists=[
            OptionListView(key, label, options(key, active_only=False)) for key, label in OptionList.choices
        ],
        pool=pool_settings(),
        can_edit=can(user, "customer_settings", "edit"),
    )


def moved_order(option_list: str, option_id: int, direction: str) -> list[int]:
    """The ids of a list's options with one moved a place up or down (for ``options_reorder``)."""
    ids = [o.pk for o in sorted(options(option_list, active_only=False), key=lambda o: (o.position, o.pk))]
    if option_id in ids:
        index = ids.index(option_id)
        swap = index - 1 if direction == "up" else index + 1
        if 0 <= swap < len(ids):
            ids[index], ids[swap] = ids[swap], ids[index]
    return ids


def _readable(field: Any, value: Any, names: dict[tuple[Any, Any], str]) -> str:
    if value in (None, "", []):
        return "—"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    if field is not None and field.is_relation:
        return names.get((field.related_model, value), str(value))
    choices = dict(field.flatchoices) if field is not None and field.choices else {}
    return str(choices.get(value, value))


def _field_of(model: type[Model], name: str) -> Any:
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _related_names(pending: list[tuple[Any, Any]]) -> dict[tuple[Any, Any], str]:
    """The names of the records the log refers to by id (owner, customer …), one query per kind of record."""
    ids_by_model: dict[Any, set] = {}
    for model, value in pending:
        ids_by_model.setdefault(model, set()).add(value)
    names: dict[tuple[Any, Any], str] = {}
    for model, ids in ids_by_model.items():
        for pk, record in model._default_manager.in_bulk([i for i in ids if isinstance(i, int)]).items():
            names[(model, pk)] = str(record)
    return names


def with_change_lines(timeline: Any) -> Any:
    """Give each log entry of a timeline page ``change_lines``: (field label, old, new) as a person reads
    them (the field's translated name, choice labels, names of linked records, lists joined); fields that
    were empty before and after are left out."""
    entries = []
    pending: list[tuple[Any, Any]] = []
    for entry in timeline.items:
        log = entry.log
        if log is None or not isinstance(log.changes, dict):
            continue
        model = Contact if log.kind == "contact" else Customer
        pairs = []
        for name, pair in log.changes.items():
            field = _field_of(model, name)
            old, new = pair if isinstance(pair, list | tuple) and len(pair) == 2 else (None, pair)
            if old in (None, "", []) and new in (None, "", []):
                continue
            if field is not None and field.is_relation:
                pending += [(field.related_model, v) for v in (old, new) if v is not None]
            pairs.append((field, name, old, new))
        entries.append((entry, pairs))
    names = _related_names(pending)
    for entry, pairs in entries:
        entry.change_lines = [
            (
                field.verbose_name if field is not None else name,
                _readable(field, old, names),
                _readable(field, new, names),
            )
            for field, name, old, new in pairs
        ]
    return timeline
