"""Writes on contracts: create from a won deal or an accepted quote (with its payment plan), edit, save the
plan, sign / start / complete / terminate, delete a draft.

Every write goes through ``core.writes`` (access 404/403, version 409, the log with old and new values, search
by number, the declared ``contract.*`` events). Signing checks that the instalments add up exactly to the
amount; a signed contract's amount is fixed (its plan may still be rearranged, adding up the same).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atrium.company.selectors import company_profile
from atrium.contracts.models import Contract, ContractStatus
from atrium.contracts.services.plans import check_adds_up, clean_plan, write_plan
from atrium.contracts.validation import clean_contract_fields
from atrium.core.access import get_visible, require
from atrium.core.actors import Actor, actor_id
from atrium.core.errors import Forbidden, NotFound, ServiceError, ValidationFailed
from atrium.core.events import emit
from atrium.core.writes import UNCHECKED, WriteSpec, record_create, record_delete, record_update
from atrium.customers.models import Contact
from atrium.customers.services.records import owner_for_new_record
from atrium.sales.models import Deal, Quote, QuoteStatus, QuoteVersion, StageKind

CONTRACT_FIELDS = (
    "number",
    "title",
    "customer",
    "contact",
    "deal",
    "quote",
    "amount",
    "party_a",
    "party_b",
    "signed_on",
    "starts_on",
    "ends_on",
    "status",
    "terms",
    "termination_reason",
    "owner",
)
CONTRACT_WRITES = WriteSpec(kind="contract", audited=CONTRACT_FIELDS)

# Allowed status changes: the new status, from which ones.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    ContractStatus.SIGNED: (ContractStatus.DRAFT,),
    ContractStatus.ACTIVE: (ContractStatus.SIGNED,),
    ContractStatus.COMPLETED: (ContractStatus.SIGNED, ContractStatus.ACTIVE),
    ContractStatus.TERMINATED: (ContractStatus.DRAFT, ContractStatus.SIGNED, ContractStatus.ACTIVE),
}


def _number(contract: Contract) -> str:
    return f"HT-{timezone.localdate().year}-{contract.pk:05d}"


def accepted_version(quote: Quote) -> QuoteVersion | None:
    return quote.versions.filter(status=QuoteStatus.ACCEPTED).order_by("-number").first()


def latest_accepted(deal: Deal) -> tuple[Quote | None, QuoteVersion | None]:
    """The deal's newest quote with an accepted version, and that version (None, None when none is)."""
    for candidate in deal.quotes.order_by("-pk"):
        version = accepted_version(candidate)
        if version is not None:
            return candidate, version
    return None, None


def _source(actor: Actor, data: dict[str, Any]) -> tuple[Deal, Quote | None, QuoteVersion | None]:
    """The deal the contract comes from (visible to the actor) and its accepted quote, if one is named or
    exists. A deal that is neither won nor has an accepted quote gives no contract yet."""
    try:
        deal: Deal = get_visible(actor, "deal", int(getattr(data.get("deal"), "pk", data.get("deal"))))  # type: ignore[arg-type]
    except (NotFound, TypeError, ValueError):
        raise ValidationFailed({"deal": [_("Choose a deal you can see.")]}) from None
    quote = version = None
    if data.get("quote") not in (None, ""):
        try:
            quote = Quote.objects.get(pk=int(getattr(data["quote"], "pk", data["quote"])), deal=deal)
        except (Quote.DoesNotExist, TypeError, ValueError):
            raise ValidationFailed({"quote": [_("Choose a quote of this deal.")]}) from None
        version = accepted_version(quote)
        if version is None:
            raise ValidationFailed(
                {"quote": [_("Quote %(number)s has no accepted version yet.") % {"number": quote.number}]}
            )
    else:
        quote, version = latest_accepted(deal)
    if deal.state != StageKind.WON and version is None:
        raise ValidationFailed(
            {"deal": [_("A contract comes from a won deal or an accepted quote: win the deal first.")]}
        )
    return deal, quote, version


def contract_defaults(deal: Deal, version: QuoteVersion | None) -> dict[str, Any]:
    """What a new contract of this deal starts with: the accepted quote's total and terms, else the deal's
    amount; the customer and the company as the parties; the deal's primary contact."""
    company = company_profile()
    contact = (
        deal.contacts.order_by("-is_primary", "pk").first()
        or Contact.objects.filter(customer_id=deal.customer_id).order_by("-is_primary", "pk").first()
    )
    return {
        "title": deal.title,
        "amount": version.total if version is not None else deal.amount,
        "party_a": deal.customer.name,
        "party_b": company.legal_name or company.display_name,
        "terms": version.terms if version is not None else "",
        "contact": contact.pk if contact else None,
        "signed_on": timezone.localdate(),
    }


def _contact(value: Any, customer_id: int) -> Contact | None:
    if value in (None, ""):
        return None
    try:
        return Contact.objects.get(pk=int(getattr(value, "pk", value)), customer_id=customer_id)
    except (Contact.DoesNotExist, TypeError, ValueError):
        raise ValidationFailed({"contact": [_("Choose a contact of the contract's customer.")]}) from None


def _owner(actor: Actor, data: dict[str, Any], deal: Deal) -> Any:
    """The owner named, else the deal's salesperson when the actor may give it to them, else the actor."""
    if data.get("owner") not in (None, ""):
        return owner_for_new_record(actor, "contract", {"owner": data["owner"]})
    try:
        return owner_for_new_record(actor, "contract", {"owner": deal.owner_id})
    except (Forbidden, ValidationFailed):
        return actor


def contract_create(*, actor: Actor, data: dict[str, Any]) -> Contract:
    """A draft contract of a deal (won, or with an accepted quote) and, if given, its payment plan
    (``data["instalments"]``); owned by the deal's owner unless ``data["owner"]`` names another (assign right).
    ``data["sign"]`` signs it at once (the plan must add up)."""
    require(actor, "contract", "create")
    deal, quote, version = _source(actor, data)
    values = {**contract_defaults(deal, version), **{k: v for k, v in data.items() if v is not None}}
    cleaned = clean_contract_fields(values)
    contact = _contact(values.get("contact"), deal.customer_id)
    owner = _owner(actor, data, deal)
    contract = Contract(
        **cleaned,
        number=f"new-{uuid.uuid4().hex[:16]}",  # a unique placeholder within the column's 20 characters
        customer_id=deal.customer_id,
        contact=contact,
        deal=deal,
        quote=quote,
        quote_version=version,
        owner=owner,
    )
    rows = clean_plan(contract, data.get("instalments")) if data.get("instalments") else []

    def related(record: Contract) -> None:
        record.number = _number(record)
        record.save(update_fields=["number"])
        if rows:
            write_plan(record, rows)

    with transaction.atomic():
        record_create(
            actor=actor, spec=CONTRACT_WRITES, record=contract, after_save=related, custom=data.get("custom")
        )
        if data.get("sign"):
            contract = contract_set_status(
                actor=actor, contract=contract, status=ContractStatus.SIGNED, version=contract.version
            )
    return contract


def contract_update(
    *, actor: Actor, contract: Contract | int, data: dict[str, Any], version: Any
) -> Contract:
    """Edit a contract's facts; a signed contract's amount is fixed, a terminated or completed one is closed."""
    with record_update(actor=actor, spec=CONTRACT_WRITES, record=contract, version=version) as change:
        record: Contract = change.record
        if record.status in (ContractStatus.TERMINATED, ContractStatus.COMPLETED):
            raise ServiceError(
                _("This contract is closed (%(status)s): it cannot be edited.")
                % {"status": record.get_status_display()},
                code="closed",
            )
        cleaned = clean_contract_fields(data, partial=True)
        if (
            "amount" in cleaned
            and cleaned["amount"] != record.amount
            and record.status != ContractStatus.DRAFT
        ):
            raise ValidationFailed(
                {
                    "amount": [
                        _(
                            "A signed contract's amount is fixed: terminate it and sign a new one to change it."
                        )
                    ]
                }
            )
        if "contact" in data:
            record.contact = _contact(data.get("contact"), record.customer_id)
        if data.get("owner") not in (None, "") and str(data["owner"]) != str(record.owner_id):
            new_owner = owner_for_new_record(actor, "contract", {"owner": data["owner"]})
            if new_owner is not None:
                record.owner = new_owner
        change.set(cleaned)
        change.set_custom(data.get("custom"))
    return change.record


def contract_plan_save(*, actor: Actor, contract: Contract | int, instalments: Any, version: Any) -> Contract:
    """Replace the payment plan (see ``services.plans``); the contract's version guards it (409)."""
    with record_update(
        actor=actor, spec=CONTRACT_WRITES, record=contract, version=version, event=None
    ) as change:
        record: Contract = change.record
        if record.status in (ContractStatus.TERMINATED, ContractStatus.COMPLETED):
            raise ServiceError(
                _("This contract is closed (%(status)s): its plan cannot change.")
                % {"status": record.get_status_display()},
                code="closed",
            )
        rows = clean_plan(record, instalments)
        before, after = write_plan(record, rows)
        if before != after:
            change.note("instalments", before, after)
        change.summary = _("Payment plan saved: %(count)d instalments") % {"count": len(rows)}
        emit("contract.plan_changed", contract_id=record.pk, actor_id=actor_id(actor))
    return change.record


def contract_set_status(
    *, actor: Actor, contract: Contract | int, status: str, version: Any = UNCHECKED, reason: str = ""
) -> Contract:
    """Sign (the plan must add up; the sign date defaults to today), start, complete or terminate (with a
    reason) a contract."""
    with record_update(
        actor=actor, spec=CONTRACT_WRITES, record=contract, version=version, event=None
    ) as change:
        record: Contract = change.record
        if status not in TRANSITIONS:
            raise ValidationFailed({"status": [_("Choose one of the listed values.")]})
        previous = record.status
        if previous == status:
            raise ServiceError(
                _("This contract is already %(status)s.") % {"status": record.get_status_display()},
                code="unchanged",
            )
        if previous not in TRANSITIONS[status]:
            raise ServiceError(
                _("A contract that is %(current)s cannot become %(status)s.")
                % {"current": record.get_status_display(), "status": ContractStatus(status).label},
                code="invalid_transition",
            )
        if status == ContractStatus.SIGNED:
            check_adds_up(record.amount, list(record.instalments.all()))
            record.signed_on = record.signed_on or timezone.localdate()
        if status == ContractStatus.TERMINATED:
            reason = (reason or "").strip()
            if not reason:
                raise ValidationFailed({"reason": [_("Say why the contract is terminated.")]})
            record.termination_reason = reason[:200]
        record.status = status
        emit(
            "contract.status_changed",
            contract_id=record.pk,
            actor_id=actor_id(actor),
            status=status,
            previous_status=previous,
        )
    return change.record


def contract_delete(*, actor: Actor, contract: Contract | int) -> None:
    """Delete a contract that was never signed and has no payments (a signed one is terminated instead)."""

    def allowed(record: Contract) -> None:
        if record.status != ContractStatus.DRAFT or record.payments.exists():
            raise ServiceError(
                _("Only a draft contract without payments can be deleted: terminate this one instead."),
                code="not_draft",
            )

    record_delete(actor=actor, spec=CONTRACT_WRITES, record=contract, before_delete=allowed)
