"""Notifications of sales, as subscribers of its durable events (services emit; they never notify): a deal
given to someone (created for them or transferred) tells its new owner."""

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
