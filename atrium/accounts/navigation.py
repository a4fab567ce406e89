"""Menu entries of this app (administration section)."""

from django.utils.translation import gettext_lazy as _

from atrium.core.access import can
from atrium.core.navigation import NavEntry, register_nav

# The admin pages register here once they exist, e.g.:
# register_nav(NavEntry("users", _("Users"), "accounts:users", "admin", "👤", 10, lambda u: can(u, "user", "view")))
__all__ = ["NavEntry", "_", "can", "register_nav"]
