"""Notifications of sales, as subscribers of its durable events (services emit; they never notify): a deal
given to someone (created for them or transferred) tells its new owner; a client's answer to a quote through its
link tells the deal's owner."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from atrium.accounts.models import User
from atrium.core.events import subscribe
from atrium.customers.services.records import record_link
from atrium.notifications.registry import register_notification_kind
from atrium.notifications.services import notify_in_language
from atrium.sales import events  # noqa: F401  (declares the events subscribed to here)
from atrium.sales.models import Deal

DEAL_ASSIGNED = "sales.deal_assigned"

register_notification_kind(DEAL_ASSIGNED, gettext_lazy("Deals assigned or transferred to you"))


def tell_new_owner(
    *, deal_id: int, actor_id: int | None, owner_id: int, previous_owner_id: int | None, **_delivery: Any
) -> None:
    deal = Deal.objects.select_related("customer").filter(pk=deal_id).first()
    if deal is None or deal.owner_id != owner_id:
        return
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    by = str(actor) if actor else ""

    def title() -> str:
        if previous_owner_id:
            return _("%(actor)s transferred the deal %(title)s (%(customer)s) to you") % {
                "actor": by,
                "title": deal.title,
                "customer": deal.customer.name,
            }
        return _("%(actor)s gave you the new deal %(title)s (%(customer)s)") % {
            "actor": by,
            "title": deal.title,
            "customer": deal.customer.name,
        }

    link = record_link("sales:deal_detail", deal.pk, f"/deals/{deal.pk}/")
    notify_in_language(owner_id, DEAL_ASSIGNED, title, link=link, actor=actor)


subscribe("deal.assigned", tell_new_owner)


QUOTE_ANSWERED = "sales.quote_answered"
register_notification_kind(
    QUOTE_ANSWERED, gettext_lazy("Quotes accepted or changes requested by the client"), default_email=True
)


def tell_owner_of_answer(
    *, quote_id: int, version_number: int, actor_id: int | None, status: str, **_delivery: Any
) -> None:
    """The client answered through the link (no person acted): the deal's owner learns it."""
    from atrium.sales.models import Quote, QuoteVersion

    if actor_id is not None or status not in ("accepted", "changes_requested"):
        return
    quote = Quote.objects.select_related("deal__customer").filter(pk=quote_id).first()
    version = QuoteVersion.objects.filter(quote_id=quote_id, number=version_number).first()
    if quote is None or version is None:
        return

    def title() -> str:
        values = {"customer": quote.deal.customer.name, "number": quote.number, "v": version_number}
        if status == "accepted":
            return _("%(customer)s accepted quote %(number)s (version %(v)s)") % values
        return _("%(customer)s asked for changes to quote %(number)s (version %(v)s)") % values

    link = record_link("sales:quote_detail", quote.pk, f"/quotes/{quote.pk}/") + f"?v={version_number}"
    notify_in_language(quote.deal.owner_id, QUOTE_ANSWERED, title, body=version.client_comment, link=link)


subscribe("quote.status_changed", tell_owner_of_answer)
