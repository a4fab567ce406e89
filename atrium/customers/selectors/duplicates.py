"""Possible duplicates of a customer (same name, case-insensitive, or same normalised phone).

A match the user may not see is reported only as "exists, owned by …" (or in the pool): no id, no name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from atrium.core.access import visible
from atrium.core.contact_formats import normalize_phone
from atrium.customers.models import Customer

MAX_HINTS = 5


@dataclass(frozen=True)
class DuplicateHint:
    customer_id: int | None
    name: str | None
    owner_name: str
    matched_on: str  # "name" or "phone"

    def as_dict(self) -> dict[str, Any]:
        return {
            "customer_id": self.customer_id,
            "name": self.name,
            "owner_name": self.owner_name,
            "matched_on": self.matched_on,
        }

    @property
    def message(self) -> str:
        field = _("name") if self.matched_on == "name" else _("phone")
        if self.name is not None:
            return _("A customer with the same %(field)s exists: %(name)s (owner: %(owner)s).") % {
                "field": field,
                "name": self.name,
                "owner": self.owner_name,
            }
        return _("A customer with the same %(field)s exists, owned by %(owner)s.") % {
            "field": field,
            "owner": self.owner_name,
        }


def duplicate_hints(
    user: Any, *, name: str = "", phone: str = "", exclude_id: int | None = None
) -> list[DuplicateHint]:
    name = (name or "").strip()
    phone = normalize_phone(phone or "")
    match = Q()
    if name:
        match |= Q(name__iexact=name)
    if phone:
        match |= Q(phone=phone)
    if not match:
        return []
    qs = Customer.objects.filter(match, is_archived=False).select_related("owner")
    if exclude_id is not None:
        qs = qs.exclude(pk=exclude_id)
    found = list(qs.order_by("id")[:MAX_HINTS])
    if not found:
        return []
    seen = set(
        visible(user, "customer", Customer.objects.filter(pk__in=[c.pk for c in found])).values_list(
            "pk", flat=True
        )
    )
    hints = []
    for customer in found:
        matched_on = "name" if name and customer.name.casefold() == name.casefold() else "phone"
        owner_name = customer.owner.name if customer.owner is not None else _("the customer pool")
        shown = customer.pk in seen
        hints.append(
            DuplicateHint(
                customer_id=customer.pk if shown else None,
                name=customer.name if shown else None,
                owner_name=owner_name,
                matched_on=matched_on,
            )
        )
    return hints
