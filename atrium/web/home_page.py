"""What the home page shows each person: the panels apps register, and for people whose modules are still to
come — an external client, staff without customer rights — what they can use today."""

from __future__ import annotations

from typing import Any

from atrium.core.access import can
from atrium.core.home_panels import panels_for
from atrium.core.navigation import nav_for


def home_context(user: Any) -> dict[str, Any]:
    """``variant``: "client" for external people, "waiting" for staff with nothing in the work menu, else
    "work" (the panels of their apps)."""
    if user.is_external:
        return {"variant": "client", "panels": []}
    panels = panels_for(user)
    if panels or nav_for(user, "main"):
        return {"variant": "work", "panels": panels}
    return {"variant": "waiting", "panels": [], "may_view_directory": can(user, "user", "view")}
