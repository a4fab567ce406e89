"""Sending a quote version to a contact by e-mail, and the client's answer through the signed link.

Sending freezes the version (it is "sent"), records to whom, and emits the durable ``quote.email_requested``:
the worker renders the PDF and sends the e-mail after commit (retried by the outbox if the mail server is
down). The client's answer — accept with their name typed, or ask for changes with a comment — is written by the
system actor ``quote_client`` (the log shows 客户（报价链接）), with the time and address; it works once, for
that version only, while it is the one sent. Acceptance moves the deal only when its pipeline says so
(``Pipeline.accepted_quote_stage``).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from atrium.core.actors import Actor, SystemActor, actor_id, register_system_actor
from atrium.core.errors import ServiceError, ValidationFailed
from atrium.core.events import emit
from atrium.core.value_cleaning import clean_text
from atrium.core.writes import UNCHECKED, check_version, record_update
from atrium.customers.models import Contact
from atrium.sales.models import Quote, QuoteStatus, QuoteVersion
from atrium.sales.quote_links import LinkRefused, LinkTarget, past_validity
from atrium.sales.services.quotes import QUOTE_WRITES, apply_status, move_deal_after_acceptance

register_system_actor("quote_client", gettext_lazy("the client, through the quote's link"))
CLIENT = "quote_client"


def quote_version_send(
    *, actor: Actor, quote: Quote | int, number: int, contact: Any, message: str = "", version: Any
) -> QuoteVersion:
    """E-mail a draft or sent version to a contact of the deal's customer, with its PDF and the link to answer."""
    text = clean_text(message, max_length=2000)
    with record_update(actor=actor, spec=QUOTE_WRITES, record=quote, version=UNCHECKED) as change:
        record: Quote = change.record
        try:
            person = Contact.objects.filter(
                pk=int(getattr(contact, "pk", contact)), customer_id=record.deal.customer_id
            ).first()
        except (TypeError, ValueError):
            person = None
        if person is None:
            raise ValidationFailed({"contact": [_("Choose a contact of the deal's customer.")]})
        if not person.email:
            raise ValidationFailed({"contact": [_("This contact has no e-mail address: add one first.")]})
        target = QuoteVersion.objects.select_for_update().filter(quote=record, number=number).first()
        if target is None:
            raise ValidationFailed({"number": [_("This quote has no such version.")]})
        if target.status not in (QuoteStatus.DRAFT, QuoteStatus.SENT):
            raise ServiceError(
                _("Version %(number)d is %(status)s: start a new version to send.")
                % {"number": target.number, "status": target.get_status_display()},
                code="bad_transition",
            )
        check_version(target, version)
        if not target.lines.exists():
            raise ServiceError(_("A quote without lines cannot be sent."), code="no_lines")
        if target.status == QuoteStatus.DRAFT:
            apply_status(change, record, target, QuoteStatus.SENT, actor)
        target.sent_to = person.email
        target.version += 1
        target.save()
        change.note("sent_to", "", f"{person.name} <{person.email}>")
        change.summary = _("Version %(number)d e-mailed to %(name)s") % {
            "number": target.number,
            "name": person.name,
        }
        emit(
            "quote.email_requested",
            quote_id=record.pk,
            version_number=target.number,
            actor_id=actor_id(actor),
            contact_id=person.pk,
            message=text,
        )
    return target


def answerable_version(target: LinkTarget) -> tuple[Quote, QuoteVersion]:
    """The quote and version a link names, if it can still be answered (else LinkRefused with why)."""
    quote = Quote.objects.select_related("deal__customer", "deal__owner").filter(pk=target.quote_id).first()
    version = QuoteVersion.objects.filter(quote_id=target.quote_id, number=target.number).first()
    if quote is None or version is None:
        raise LinkRefused("invalid")
    return quote, version


def quote_version_answer(
    *, target: LinkTarget, accept: bool, name: str = "", comment: str = "", ip: str | None = None
) -> QuoteVersion:
    """The client's answer through the link: accept (their name required) or ask for changes (a comment
    required). Refused (ServiceError) once answered, when a newer version was sent, or past its validity."""
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()[:60]
    comment = (comment or "").strip()[:2000]
    if accept and not name:
        errors["name"] = [_("Type your name to accept the quote.")]
    if not accept and not comment:
        errors["comment"] = [_("Tell us what should change.")]
    if errors:
        raise ValidationFailed(errors)
    client = SystemActor(CLIENT)
    with record_update(actor=client, spec=QUOTE_WRITES, record=target.quote_id, version=UNCHECKED) as change:
        record: Quote = change.record
        version = QuoteVersion.objects.select_for_update().filter(quote=record, number=target.number).first()
        if version is None:
            raise LinkRefused("invalid")
        if version.status != QuoteStatus.SENT:
            raise ServiceError(
                _("This quote was already answered or replaced by a newer one."), code="answered"
            )
        if past_validity(version.valid_until):
            raise ServiceError(_("This quote is past its validity: ask us for a new one."), code="expired")
        apply_status(
            change, record, version, QuoteStatus.ACCEPTED if accept else QuoteStatus.CHANGES_REQUESTED, client
        )
        version.answered_at = timezone.now()
        version.answered_by = name
        version.answered_ip = ip or None
        version.client_comment = comment
        version.version += 1
        version.save()
        change.summary = (
            _("Accepted online by %(name)s") % {"name": name}
            if accept
            else _("The client asked for changes: %(comment)s") % {"comment": comment[:200]}
        )
        if accept:
            move_deal_after_acceptance(client, record.deal_id, version)
    return version
