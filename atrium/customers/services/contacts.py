"""Writes on contacts. A contact belongs to a customer the actor may edit; at most one is primary."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from atrium.core.access import check_action, get_visible, require
from atrium.core.audit import audit, changes_between, snapshot
from atrium.core.errors import ValidationFailed
from atrium.customers.models import Contact, Customer
from atrium.customers.services.records import check_version, load_for_action, pk_of
from atrium.customers.services.search_index import reindex_records, unindex_records
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


def _customer_for_contact(actor: Any, value: Any) -> Customer:
    if value in (None, ""):
        raise ValidationFailed({"customer": [_("Choose a customer.")]})
    customer: Customer = get_visible(actor, "customer", pk_of(value))
    check_action(actor, "customer", "edit", customer)
    if customer.is_archived:
        raise ValidationFailed({"customer": [_("This customer is archived.")]})
    return customer


def _keep_one_primary(contact: Contact) -> None:
    if contact.is_primary:
        Contact.objects.filter(customer_id=contact.customer_id, is_primary=True).exclude(
            pk=contact.pk
        ).update(is_primary=False)


def contact_create(*, actor: Any, data: dict[str, Any]) -> Contact:
    """Add a contact to ``data["customer"]`` (a customer the actor may edit)."""
    require(actor, "contact", "create")
    cleaned = clean_contact_fields(data)
    customer = _customer_for_contact(actor, data.get("customer"))
    with transaction.atomic():
        contact = Contact.objects.create(customer=customer, **cleaned)
        _keep_one_primary(contact)
        audit(actor=actor, action="create", record=contact, changes=snapshot(contact, CONTACT_FIELDS))
        reindex_records("contact", [contact.pk])
    return contact


def contact_update(*, actor: Any, contact: Contact | int, data: dict[str, Any], version: Any) -> Contact:
    with transaction.atomic():
        record = load_for_action(actor, "contact", contact, "edit", Contact)
        check_version(record, version)
        cleaned = clean_contact_fields(data, partial=True)
        if "customer" in data and pk_of(data["customer"]) != record.customer_id:
            cleaned["customer"] = _customer_for_contact(actor, data["customer"])
        before = snapshot(record, CONTACT_FIELDS)
        for name, value in cleaned.items():
            setattr(record, name, value)
        record.version += 1
        record.save()
        _keep_one_primary(record)
        audit(
            actor=actor,
            action="update",
            record=record,
            changes=changes_between(before, snapshot(record, CONTACT_FIELDS)),
        )
        reindex_records("contact", [record.pk])
    return record


def contact_delete(*, actor: Any, contact: Contact | int) -> None:
    with transaction.atomic():
        record = load_for_action(actor, "contact", contact, "delete", Contact)
        audit(actor=actor, action="delete", record=record, changes=snapshot(record, CONTACT_FIELDS))
        unindex_records("contact", [record.pk])
        record.delete()
