"""Menu entries of this app (administration section), each shown only to people who may view that list."""

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from atrium.core.access import can
from atrium.core.navigation import NavEntry, register_nav


def _may_view(kind: str) -> Callable[[Any], bool]:
    return lambda user: can(user, kind, "view")


for key, label, url_name, icon, order in (
    ("user", _("Users"), "accounts:users", "👤", 10),
    ("department", _("Departments"), "accounts:departments", "🏢", 20),
    ("role", _("Roles"), "accounts:roles", "🔑", 30),
):
    register_nav(
        NavEntry(
            key=f"admin_{key}s",
            label=label,
            url_name=url_name,
            section="admin",
            icon=icon,
            order=order,
            allowed=_may_view(key),
        )
    )
