"""The customers' panel on the home page: the person's follow-ups due today (and overdue)."""

from __future__ import annotations

from typing import Any

from atrium.core.access import can
from atrium.core.home_panels import HomePanel, register_home_panel
from atrium.customers.selectors.agenda import followups_due


def _followups_due(user: Any) -> dict[str, Any] | None:
    if not (can(user, "customer", "view") or can(user, "lead", "view")):
        return None
    return {"due": followups_due(user)}


register_home_panel(
    HomePanel(
        key="followups_due", template="customers/home/_followups_due.html", order=10, context=_followups_due
    )
)
