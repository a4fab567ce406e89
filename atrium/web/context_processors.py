from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from atrium.core.navigation import nav_for
from atrium.notifications.selectors import unread_count


def shell(request: HttpRequest) -> dict[str, Any]:
    """The navigation and the unread-notification count of the layout, for signed-in people only."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_main": nav_for(user, "main"),
        "nav_admin": nav_for(user, "admin"),
        "unread_notifications": unread_count(user),
    }
