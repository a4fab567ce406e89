"""Writes on leads, and converting a lead into a customer and its primary contact."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atrium.core.access import check_action, get_visible, require
from atrium.core.audit import audit, changes_between, snapshot
from atrium.core.contact_formats import normalize_phone
from atrium.core.errors import ServiceError, ValidationFailed
from atrium.customers.models import Contact, Customer, CustomerType, FollowUp, Lead, LeadStatus
from atrium.customers.selectors.duplicates import duplicate_hints
from atrium.customers.services.contacts import CONTACT_FIELDS
from atrium.customers.services.customers import AUDITED as CUSTOMER_AUDITED
from atrium.customers.services.customers import sync_tags
from atrium.customers.services.duplicates import DuplicateFound
from atrium.customers.services.records import check_version, load_for_action, owner_for_new_record
from atrium.customers.services.search_index import reindex_records, unindex_records
from atrium.customers.validation import clean_contact_fields, clean_customer_fields, clean_lead_fields

LEAD_FIELDS = ("name", "company", "phone", "email", "source", "status", "address", "notes", "owner")


def lead_create(*, actor: Any, data: dict[str, Any]) -> Lead:
    """Create a lead owned by the actor (or ``data["owner"]`` with the assign right)."""
    require(actor, "lead", "create")
    cleaned = clean_lead_fields(data)
    owner = owner_for_new_record(actor, "lead", data)
    with transaction.atomic():
        lead = Lead.objects.create(**cleaned, owner=owner, created_by=actor)
        audit(actor=actor, action="create", record=lead, changes=snapshot(lead, LEAD_FIELDS))
        reindex_records("lead", [lead.pk])
    return lead


def lead_update(*, actor: Any, lead: Lead | int, data: dict[str, Any], version: Any) -> Lead:
    with transaction.atomic():
        record = load_for_action(actor, "lead", lead, "edit", Lead)
        check_version(record, version)
        cleaned = clean_lead_fields(data, partial=True, current=record)
        if record.status == LeadStatus.CONVERTED and "status" in cleaned:
            raise ValidationFailed({"status": [_("A converted lead keeps the status “converted”.")]})
        before = snapshot(record, LEAD_FIELDS)
        for name, value in cleaned.items():
            setattr(record, name, value)
        record.version += 1
        record.save()
        audit(
            actor=actor,
            action="update",
            record=record,
            changes=changes_between(before, snapshot(record, LEAD_FIELDS)),
        )
        reindex_records("lead", [record.pk])
    return record


def lead_delete(*, actor: Any, lead: Lead | int) -> None:
    with transaction.atomic():
        record = load_for_action(actor, "lead", lead, "delete", Lead)
        audit(actor=actor, action="delete", record=record, changes=snapshot(record, LEAD_FIELDS))
        unindex_records("lead", [record.pk])
        record.delete()


def _customer_values(lead: Lead, overrides: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {
        "type": CustomerType.COMPANY if lead.company else CustomerType.PERSON,
        "name": lead.company or lead.name,
        "phone": lead.phone,
        "email": lead.email,
        "source": lead.source,
        "address": lead.address,
        "notes": lead.notes,
    }
    values.update(overrides)
    return values


def _contact_values(lead: Lead, overrides: dict[str, Any]) -> dict[str, Any]:
    phone = normalize_phone(lead.phone)
    is_mobile = len(phone) == 11 and phone.startswith("1")
    values: dict[str, Any] = {
        "name": lead.name,
        "mobile": phone if is_mobile else "",
        "phone": "" if is_mobile else phone,
        "email": lead.email,
        "is_primary": True,
    }
    values.update(overrides)
    return values


def _converted_customer(actor: Any, lead: Lead, data: dict[str, Any]) -> tuple[Customer, bool]:
    """The customer the lead becomes: an existing one (``customer_id``) or a new one (duplicate-checked)."""
    if data.get("customer_id"):
        customer: Customer = get_visible(actor, "customer", data["customer_id"])
        check_action(actor, "customer", "edit", customer)
        return customer, False
    require(actor, "customer", "create")
    # The lead's own source is accepted even if that option was deactivated since.
    cleaned = clean_customer_fields(_customer_values(lead, dict(data.get("customer") or {})), current=lead)
    if not data.get("force"):
        hints = duplicate_hints(actor, name=cleaned["name"], phone=cleaned.get("phone", ""))
        if hints:
            raise DuplicateFound(hints)
    owner = lead.owner if lead.owner_id else actor
    customer = Customer.objects.create(**cleaned, owner=owner, created_by=actor, owned_since=timezone.now())
    sync_tags(customer)
    return customer, True


def _carry_followup_times(customer: Customer, lead: Lead) -> None:
    """The lead's follow-ups now show on the customer: so do their last and next times."""
    changed = []
    if lead.last_followup_at and (
        customer.last_followup_at is None or lead.last_followup_at > customer.last_followup_at
    ):
        customer.last_followup_at = lead.last_followup_at
        changed.append("last_followup_at")
    if lead.next_followup_at and customer.next_followup_at is None:
        customer.next_followup_at = lead.next_followup_at
        changed.append("next_followup_at")
    if changed:
        customer.save(update_fields=changed)


def lead_convert(
    *, actor: Any, lead: Lead | int, data: dict[str, Any] | None = None
) -> tuple[Customer, Contact]:
    """Turn a lead into a customer and its primary contact, in one transaction; the lead keeps the links and
    its follow-ups show on the customer. ``data`` may hold ``customer`` / ``contact`` field overrides,
    ``customer_id`` (attach to an existing customer instead) and ``force`` (skip the duplicate check).
    A converted lead cannot be converted again."""
    data = dict(data or {})
    require(actor, "contact", "create")
    with transaction.atomic():
        record = load_for_action(actor, "lead", lead, "edit", Lead)
        if record.status == LeadStatus.CONVERTED or record.converted_customer_id:
            raise ServiceError(_("This lead has already been converted."), code="already_converted")
        try:
            customer, created = _converted_customer(actor, record, data)
        except ValidationFailed as exc:
            if isinstance(exc, DuplicateFound):
                raise
            raise ValidationFailed({f"customer.{k}": v for k, v in exc.fields.items()}) from None
        try:
            contact_values = clean_contact_fields(_contact_values(record, dict(data.get("contact") or {})))
        except ValidationFailed as exc:
            raise ValidationFailed({f"contact.{k}": v for k, v in exc.fields.items()}) from None
        if contact_values.get("is_primary"):
            Contact.objects.filter(customer=customer, is_primary=True).update(is_primary=False)
        contact = Contact.objects.create(customer=customer, **contact_values)
        FollowUp.objects.filter(lead=record, customer__isnull=True).update(customer=customer)
        _carry_followup_times(customer, record)
        before = snapshot(record, LEAD_FIELDS)
        record.status = LeadStatus.CONVERTED
        record.converted_customer, record.converted_contact = customer, contact
        record.converted_at = timezone.now()
        record.version += 1
        record.save()
        summary = _("Converted from lead %(name)s") % {"name": record.name}
        if created:
            audit(
                actor=actor,
                action="create",
                record=customer,
                changes=snapshot(customer, CUSTOMER_AUDITED),
                summary=summary,
            )
        else:
            audit(
                actor=actor,
                action="update",
                record=customer,
                changes={"lead": [None, record.name]},
                summary=summary,
            )
        audit(
            actor=actor,
            action="create",
            record=contact,
            changes=snapshot(contact, CONTACT_FIELDS),
            summary=summary,
        )
        audit(
            actor=actor,
            action="update",
            record=record,
            changes=changes_between(before, snapshot(record, LEAD_FIELDS)),
        )
        reindex_records("customer", [customer.pk])
        reindex_records("contact", [contact.pk])
        reindex_records("lead", [record.pk])
    return customer, contact
