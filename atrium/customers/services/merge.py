"""Merging two customers: everything of ``merge`` moves to ``keep``; ``merge`` is archived and points at it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from atrium.core.access import get_visible, scope_of
from atrium.core.actors import AuditVerb, actor_id
from atrium.core.audit import audit
from atrium.core.errors import Forbidden, ServiceError
from atrium.core.events import emit
from atrium.core.kinds import Scope
from atrium.core.writes import pk_of, reindex_records, unindex_records
from atrium.customers.models import Contact, Customer, CustomerCollaborator, FollowUp, Lead
from atrium.customers.services.customers import sync_tags

FILLED_FROM_LOSER = (
    "short_name",
    "industry",
    "source",
    "level",
    "region",
    "address",
    "phone",
    "email",
    "website",
)


def _check_merge(actor: Any, keep: Customer, merge: Customer) -> None:
    if keep.pk == merge.pk:
        raise ServiceError(_("A customer cannot be merged with itself."), code="merge_self")
    if keep.is_archived or merge.is_archived:
        raise ServiceError(_("An archived customer cannot be merged."), code="archived")
    is_admin = scope_of(actor, "customer", "edit") == Scope.ALL
    owns_both = keep.owner_id == actor.pk and merge.owner_id == actor.pk
    if not (is_admin or owns_both):
        raise Forbidden(_("Only an administrator or the owner of both customers can merge them."))


def _absorb(keep: Customer, merge: Customer) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = {}
    for name in FILLED_FROM_LOSER:
        if not getattr(keep, name) and getattr(merge, name):
            changes[name] = [getattr(keep, name), getattr(merge, name)]
            setattr(keep, name, getattr(merge, name))
    tags = list(keep.tags or []) + [t for t in (merge.tags or []) if t not in (keep.tags or [])]
    if tags != list(keep.tags or []):
        changes["tags"] = [keep.tags, tags]
        keep.tags = tags
    if merge.notes:
        keep.notes = f"{keep.notes}\n\n{merge.notes}".strip()
    if merge.last_followup_at and (
        not keep.last_followup_at or merge.last_followup_at > keep.last_followup_at
    ):
        keep.last_followup_at = merge.last_followup_at
    if merge.next_followup_at and (
        not keep.next_followup_at or merge.next_followup_at < keep.next_followup_at
    ):
        keep.next_followup_at = merge.next_followup_at
    return changes


def _move_related(keep: Customer, merge: Customer) -> list[int]:
    contact_ids = list(Contact.objects.filter(customer=merge).values_list("pk", flat=True))
    Contact.objects.filter(customer=merge).update(customer=keep)
    FollowUp.objects.filter(customer=merge).update(customer=keep)
    Lead.objects.filter(converted_customer=merge).update(converted_customer=keep)
    helpers = set(CustomerCollaborator.objects.filter(customer=merge).values_list("user_id", flat=True))
    if merge.owner_id and merge.owner_id != keep.owner_id:
        helpers.add(merge.owner_id)
    helpers.discard(keep.owner_id)  # type: ignore[arg-type]
    CustomerCollaborator.objects.bulk_create(
        [CustomerCollaborator(customer=keep, user_id=pk) for pk in sorted(helpers)], ignore_conflicts=True
    )
    return contact_ids


def customers_merge(*, actor: Any, keep: Customer | int, merge: Customer | int) -> Customer:
    """Merge ``merge`` into ``keep`` (an administrator, or the owner of both). Contacts, follow-ups, converted
    leads, tags and collaborators move; empty fields of ``keep`` take the other's values; ``merge`` is archived
    with ``merged_into`` set."""
    with transaction.atomic():
        pks = sorted({pk_of(keep), pk_of(merge)}, key=str)  # always lock in the same order
        locked = {pk: get_visible(actor, "customer", pk, Customer.objects.select_for_update()) for pk in pks}
        winner, loser = locked[pk_of(keep)], locked[pk_of(merge)]
        _check_merge(actor, winner, loser)
        changes = _absorb(winner, loser)
        contact_ids = _move_related(winner, loser)
        winner.version += 1
        winner.save()
        sync_tags(winner)
        loser.is_archived = True
        loser.merged_into = winner
        loser.version += 1
        loser.save(update_fields=["is_archived", "merged_into", "version", "updated_at"])
        summary = _("Merged %(loser)s into %(winner)s") % {"loser": loser.name, "winner": winner.name}
        changes["merged"] = [loser.pk, winner.pk]
        audit(actor=actor, action=AuditVerb.MERGE, record=winner, changes=changes, summary=summary)
        audit(
            actor=actor,
            action=AuditVerb.MERGE,
            record=loser,
            changes={"is_archived": [False, True]},
            summary=summary,
        )
        unindex_records("customer", [loser.pk])
        reindex_records("customer", [winner.pk])
        reindex_records("contact", contact_ids)
        emit("customer.merged", customer_id=winner.pk, merged_id=loser.pk, actor_id=actor_id(actor))
    return winner
