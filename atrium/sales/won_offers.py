"""What the kanban offers when a deal is dropped on a won stage ("create contract"), without sales knowing the
apps that offer it: an app registers a ``WonOffer`` whose ``url(user, deal)`` answers the page to open, or None
when this person may not take it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class WonOffer:
    key: str
    label: Promise | str
    url: Callable[[Any, Any], str | None]


_offers: dict[str, WonOffer] = {}


def register_won_offer(offer: WonOffer) -> WonOffer:
    _offers[offer.key] = offer
    return offer


def offers_for(user: Any, deal: Any) -> list[dict[str, str]]:
    """The offers this person may take on this won deal, as the kanban's move answer carries them."""
    found = []
    for offer in _offers.values():
        url = offer.url(user, deal)
        if url:
            found.append({"key": offer.key, "label": str(offer.label), "url": url})
    return found
