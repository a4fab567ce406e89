"""Menu entries of this app (administration section), each shown only to people who may view that list."""

from django.utils.translation import gettext_lazy as _

from atrium.core.access import can
from atrium.core.navigation import NavEntry, register_nav

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
            allowed=lambda user, kind=key: can(user, kind, "view"),
        )
    )
