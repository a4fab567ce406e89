"""Writes on leads, and converting a lead into a customer and its primary contact."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from atrium.core.access import check_action, get_visible, require
from atrium.core.actors import Actor, AuditVerb, actor_id
from atrium.core.audit import audit
from atrium.core.contact_formats import normalize_phone
from atrium.core.errors import ServiceError, ValidationFailed
from atrium.core.events import emit
from atrium.core.writes import UNCHECKED, WriteSpec, record_create, record_delete, record_update
from atrium.customers.conversion_steps import run_conversion_steps
from atrium.customers.models import Contact, Customer, CustomerType, FollowUp, Lead, LeadStatus
from atrium.customers.selectors.duplicates import duplicate_hints
from atrium.customers.services.contacts import CONTACT_WRITES, keep_one_primary
from atrium.customers.services.customers import CUSTOMER_WRITES, sync_tags
from atrium.customers.services.duplicates import DuplicateFound
from atrium.customers.services.records import owner_for_new_record
from atrium.customers.validation import clean_contact_fields, clean_customer_fields, clean_lead_fields

LEAD_FIELDS = ("name", "company", "phone", "email", "source", "status", "address", "notes", "owner")
LEAD_WRITES = WriteSpec(kind="lead", audited=LEAD_FIELDS)


def lead_create(*, actor: Actor, data: dict[str, Any]) -> Lead:
    """Create a lead owned by the actor (or ``data["owner"]`` with the assign right)."""
    require(actor, "lead", "create")
    cleaned = clean_lead_fields(data)
    owner = owner_for_new_record(actor, "lead", data)
    return record_create(
        actor=actor, spec=LEAD_WRITES, record=Lead(**cleaned, owner=owner), custom=data.get("custom")
    )


def lead_update(*, actor: Actor, lead: Lead | int, data: dict[str, Any], version: Any) -> Lead:
    with record_update(actor=actor, spec=LEAD_WRITES, record=lead, version=version) as change:
        record = change.record
        cleaned = clean_lead_fields(data, partial=True, current=record)
        if record.status == LeadStatus.CONVERTED and "status" in cleaned:
            raise ValidationFailed({"status": [_("A converted lead keeps the status “converted”.")]})
        change.set(cleaned)
        change.set_custom(data.get("custom"))
    return record


def lead_delete(*, actor: Actor, lead: Lead | int) -> None:
    record_delete(actor=actor, spec=LEAD_WRITES, record=lead)


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
    customer = Customer(**cleaned, owner=owner, owned_since=timezone.now())
    record_create(
        actor=actor,
        spec=CUSTOMER_WRITES,
        record=customer,
        after_save=sync_tags,
        summary=_converted_summary(lead),
    )
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


def _converted_summary(lead: Lead) -> str:
    return _("Converted from lead %(name)s") % {"name": lead.name}


def _refuse_converted(lead: Lead) -> None:
    if lead.status == LeadStatus.CONVERTED or lead.converted_customer_id:
        raise ServiceError(_("This lead has already been converted."), code="already_converted")


def _conversion_customer(actor: Actor, lead: Lead, data: dict[str, Any]) -> tuple[Customer, bool]:
    """The customer (created or attached to), its field errors named ``customer.<field>``."""
    try:
        customer, created = _converted_customer(actor, lead, data)
    except DuplicateFound:
        raise
    except ValidationFailed as exc:
        raise ValidationFailed({f"customer.{k}": v for k, v in exc.fields.items()}) from None
    if not created:
        audit(
            actor=actor,
            action=AuditVerb.UPDATE,
            record=customer,
            changes={"lead": [None, lead.name]},
            summary=_converted_summary(lead),
        )
        emit("customer.updated", customer_id=customer.pk, actor_id=actor_id(actor), changed=["lead"])
    return customer, created


def _conversion_contact(actor: Actor, lead: Lead, customer: Customer, data: dict[str, Any]) -> Contact:
    """The customer's new primary contact (unless overridden), its field errors named ``contact.<field>``."""
    try:
        values = clean_contact_fields(_contact_values(lead, dict(data.get("contact") or {})))
    except ValidationFailed as exc:
        raise ValidationFailed({f"contact.{k}": v for k, v in exc.fields.items()}) from None
    contact = Contact(customer=customer, **values)
    return record_create(
        actor=actor,
        spec=CONTACT_WRITES,
        record=contact,
        after_save=keep_one_primary,
        summary=_converted_summary(lead),
        check_access=False,  # checked before anything was written
    )


def lead_convert(
    *, actor: Actor, lead: Lead | int, data: dict[str, Any] | None = None
) -> tuple[Customer, Contact]:
    """Turn a lead into a customer and its primary contact, in one transaction; the lead keeps the links and
    its follow-ups show on the customer. ``data`` may hold ``customer`` / ``contact`` field overrides,
    ``customer_id`` (attach to an existing customer instead), ``force`` (skip the duplicate check) and what
    registered conversion steps are asked to do (``data["deal"]``: a deal in a pipeline, by sales).
    A converted lead cannot be converted again."""
    data = dict(data or {})
    require(actor, "contact", "create")
    with record_update(actor=actor, spec=LEAD_WRITES, record=lead, version=UNCHECKED, event=None) as change:
        record = change.record
        _refuse_converted(record)
        customer, created = _conversion_customer(actor, record, data)
        contact = _conversion_contact(actor, record, customer, data)
        run_conversion_steps(actor=actor, lead=record, customer=customer, contact=contact, data=data)
        FollowUp.objects.filter(lead=record, customer__isnull=True).update(customer=customer)
        _carry_followup_times(customer, record)
        change.set(
            {
                "status": LeadStatus.CONVERTED,
                "converted_customer": customer,
                "converted_contact": contact,
                "converted_at": timezone.now(),
            }
        )
        emit(
            "lead.converted",
            lead_id=record.pk,
            actor_id=actor_id(actor),
            customer_id=customer.pk,
            contact_id=contact.pk,
            customer_created=created,
        )
    return customer, contact
