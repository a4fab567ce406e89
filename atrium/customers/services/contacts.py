"""Writes on contacts. A contact belongs to a customer the actor may edit; at most one is primary."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from atrium.core.access import check_action, get_visible, require
from atrium.core.actors import Actor
from atrium.core.errors import ValidationFailed
from atrium.core.writes import WriteSpec, pk_of, record_create, record_delete, record_update
from atrium.customers.models import Contact, Customer
from atrium.customers.validation import clean_contact_fields

CONTACT_FIELDS = (
    "customer",
    "name",
    "title",
    "phone",
    "mobile",
    "email",
    "wechat",
    "birthday",
    "is_primary",
    "notes",
)
CONTACT_WRITES = WriteSpec(kind="contact", audited=CONTACT_FIELDS)


def _customer_for_contact(actor: Any, value: Any) -> Customer:
    if value in (None, ""):
        raise ValidationFailed({"customer": [_("Choose a customer.")]})
    customer: Customer = get_visible(actor, "customer", pk_of(value))
    check_action(actor, "customer", "edit", customer)
    if customer.is_archived:
        raise ValidationFailed({"customer": [_("This customer is archived.")]})
    return customer


def keep_one_primary(contact: Contact) -> None:
    if contact.is_primary:
        Contact.objects.filter(customer_id=contact.customer_id, is_primary=True).exclude(
            pk=contact.pk
        ).update(is_primary=False)


def contact_create(*, actor: Actor, data: dict[str, Any]) -> Contact:
    """Add a contact to ``data["customer"]`` (a customer the actor may edit)."""
    require(actor, "contact", "create")
    cleaned = clean_contact_fields(data)
    customer = _customer_for_contact(actor, data.get("customer"))
    contact = Contact(customer=customer, **cleaned)
    return record_create(
        actor=actor,
        spec=CONTACT_WRITES,
        record=contact,
        after_save=keep_one_primary,
        custom=data.get("custom"),
    )


def contact_update(*, actor: Actor, contact: Contact | int, data: dict[str, Any], version: Any) -> Contact:
    with record_update(actor=actor, spec=CONTACT_WRITES, record=contact, version=version) as change:
        record = change.record
        cleaned = clean_contact_fields(data, partial=True)
        if "customer" in data and pk_of(data["customer"]) != record.customer_id:
            cleaned["customer"] = _customer_for_contact(actor, data["customer"])
        change.set(cleaned)
        change.set_custom(data.get("custom"))
        keep_one_primary(record)
    return record


def contact_delete(*, actor: Actor, contact: Contact | int) -> None:
    record_delete(actor=actor, spec=CONTACT_WRITES, record=contact)
