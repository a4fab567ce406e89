"""Writes on customers: create (with the duplicate check), edit, delete, bulk delete, tags."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atrium.core.access import require
from atrium.core.actors import Action, Actor, AuditVerb, actor_id
from atrium.core.audit import audit
from atrium.core.errors import ValidationFailed
from atrium.core.events import emit
from atrium.core.writes import (
    WriteSpec,
    record_create,
    record_delete,
    record_update,
    records_for_action,
    reindex_records,
    unindex_records,
)
from atrium.customers.models import Customer, CustomerCollaborator, CustomerTag, OptionList
from atrium.customers.selectors.duplicates import duplicate_hints
from atrium.customers.services.duplicates import DuplicateFound
from atrium.customers.services.records import active_user, owner_for_new_record
from atrium.customers.validation import MAX_TAGS, clean_customer_fields, clean_listed_tags
from atrium.fields.choice_services import choice_values_join

CUSTOMER_FIELDS = (
    "type",
    "name",
    "short_name",
    "industry",
    "source",
    "level",
    "status",
    "region",
    "address",
    "phone",
    "email",
    "website",
    "tags",
    "notes",
)
AUDITED = (*CUSTOMER_FIELDS, "owner")
CUSTOMER_WRITES = WriteSpec(kind="customer", audited=AUDITED)


def sync_tags(customer: Customer) -> None:
    """Mirror ``customer.tags`` into CustomerTag rows; a tag new to the 标签 list joins it."""
    wanted = set(customer.tags or [])
    existing = set(CustomerTag.objects.filter(customer=customer).values_list("tag", flat=True))
    if existing - wanted:
        CustomerTag.objects.filter(customer=customer, tag__in=existing - wanted).delete()
    if wanted - existing:
        choice_values_join(list_key=OptionList.TAGS, values=sorted(wanted - existing))
        CustomerTag.objects.bulk_create(
            [CustomerTag(customer=customer, tag=tag) for tag in sorted(wanted - existing)],
            ignore_conflicts=True,
        )


def _collaborator_ids(value: Any) -> list[int]:
    if value in (None, ""):
        return []
    if not isinstance(value, list | tuple | set):
        raise ValidationFailed({"collaborators": [_("Choose active members of staff.")]})
    return sorted({active_user(v, "collaborators").pk for v in value})


def _set_collaborators(customer: Customer, user_ids: list[int]) -> None:
    CustomerCollaborator.objects.filter(customer=customer).exclude(user_id__in=user_ids).delete()
    CustomerCollaborator.objects.bulk_create(
        [CustomerCollaborator(customer=customer, user_id=pk) for pk in user_ids], ignore_conflicts=True
    )


def customer_create(*, actor: Actor, data: dict[str, Any], force: bool = False) -> Customer:
    """Create a customer owned by the actor (or by ``data["owner"]`` with the assign right; None = pool).
    DuplicateFound unless ``force`` when a customer with the same name or phone exists."""
    require(actor, "customer", "create")
    cleaned = clean_customer_fields(data)
    owner = owner_for_new_record(actor, "customer", data)
    collaborators = _collaborator_ids(data.get("collaborators"))
    if not force:
        hints = duplicate_hints(actor, name=cleaned["name"], phone=cleaned.get("phone", ""))
        if hints:
            raise DuplicateFound(hints)

    def related_rows(customer: Customer) -> None:
        sync_tags(customer)
        if collaborators:
            _set_collaborators(customer, collaborators)

    customer = Customer(**cleaned, owner=owner, owned_since=timezone.now())
    return record_create(
        actor=actor,
        spec=CUSTOMER_WRITES,
        record=customer,
        after_save=related_rows,
        custom=data.get("custom"),
    )


def customer_update(
    *, actor: Actor, customer: Customer | int, data: dict[str, Any], version: Any, force: bool = False
) -> Customer:
    """Edit a customer's fields (and collaborators); a stale ``version`` raises Conflict and changes nothing.
    A new name or phone that another customer has raises DuplicateFound unless ``force``, as on create.
    The owner changes through claim, release and transfer, not here."""
    with record_update(actor=actor, spec=CUSTOMER_WRITES, record=customer, version=version) as change:
        record = change.record
        cleaned = clean_customer_fields(data, partial=True, current=record)
        if not force:
            _refuse_new_duplicate(actor, record, cleaned)
        change.set(cleaned)
        change.set_custom(data.get("custom"))
        if "tags" in cleaned:
            sync_tags(record)
        if "collaborators" in data:
            collaborators = _collaborator_ids(data["collaborators"])
            _set_collaborators(record, collaborators)
            change.note("collaborators", "", collaborators)
    return record


def _refuse_new_duplicate(actor: Any, record: Customer, cleaned: dict[str, Any]) -> None:
    """Only a name or phone the edit changes is checked: an old duplicate does not block other edits."""
    name = cleaned.get("name", record.name)
    phone = cleaned.get("phone", record.phone)
    new_name = name if name.casefold() != record.name.casefold() else ""
    new_phone = phone if phone != record.phone else ""
    if new_name or new_phone:
        hints = duplicate_hints(actor, name=new_name, phone=new_phone, exclude_id=record.pk)
        if hints:
            raise DuplicateFound(hints)


def _unindex_contacts(record: Customer) -> None:
    unindex_records("contact", list(record.contacts.values_list("pk", flat=True)))


def customer_delete(*, actor: Actor, customer: Customer | int) -> None:
    """Delete a customer with its contacts and follow-ups (leads converted into it keep existing)."""
    record_delete(actor=actor, spec=CUSTOMER_WRITES, record=customer, before_delete=_unindex_contacts)


def customers_for_action(actor: Actor, ids: Iterable[Any], action: Action | str) -> list[Customer]:
    """Locked customers for a bulk action: NotFound if any is not visible, Forbidden if the action is not
    granted on any of them."""
    return records_for_action(
        actor,
        "customer",
        ids,
        action,
        not_found=_("Some of the chosen customers do not exist or are not visible to you."),
        forbidden=_("You may not do this with %(count)d of the chosen customers."),
    )


def customers_bulk_delete(*, actor: Any, ids: Iterable[Any]) -> int:
    """Delete several customers, all or none."""
    with transaction.atomic():
        rows = customers_for_action(actor, ids, Action.DELETE)
        for record in rows:
            record_delete(
                actor=actor, spec=CUSTOMER_WRITES, record=record, before_delete=_unindex_contacts, locked=True
            )
    return len(rows)


def customers_add_tags(*, actor: Any, ids: Iterable[Any], tags: Any) -> int:
    """Add tags to several customers (keeping theirs), all or none."""
    try:
        new_tags = clean_listed_tags(tags)  # a retired tag is refused
    except Exception as exc:
        raise ValidationFailed({"tags": list(getattr(exc, "messages", [str(exc)]))}) from None
    if not new_tags:
        raise ValidationFailed({"tags": [_("Enter at least one tag.")]})
    with transaction.atomic():
        rows = customers_for_action(actor, ids, Action.EDIT)
        changed = []
        for record in rows:
            merged = list(record.tags or []) + [t for t in new_tags if t not in (record.tags or [])]
            if merged == list(record.tags or []):
                continue
            if len(merged) > MAX_TAGS:
                raise ValidationFailed(
                    {
                        "tags": [
                            _("%(name)s would have more than %(max)d tags.")
                            % {"name": record.name, "max": MAX_TAGS}
                        ]
                    }
                )
            audit(
                actor=actor, action=AuditVerb.UPDATE, record=record, changes={"tags": [record.tags, merged]}
            )
            record.tags = merged
            record.version += 1
            record.save(update_fields=["tags", "version", "updated_at"])
            sync_tags(record)
            changed.append(record.pk)
            emit("customer.updated", customer_id=record.pk, actor_id=actor_id(actor), changed=["tags"])
        reindex_records("customer", changed)
    return len(changed)
