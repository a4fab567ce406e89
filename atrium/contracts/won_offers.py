"""The kanban's offer on a deal just won: "create contract", for who may create contracts."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from atrium.core.access import can
from atrium.sales.won_offers import WonOffer, register_won_offer


def _contract_url(user: Any, deal: Any) -> str | None:
    if not can(user, "contract", "create"):
        return None
    return f"{reverse('contracts:new')}?deal={deal.pk}"


register_won_offer(WonOffer(key="contract", label=_("Create contract"), url=_contract_url))
