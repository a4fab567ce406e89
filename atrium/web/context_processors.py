from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from atrium.accounts.selectors.tokens import may_use_api_tokens
from atrium.company.selectors import company_profile
from atrium.core.access import can
from atrium.core.navigation import nav_for
from atrium.core.search.registry import all_specs
from atrium.core.settings_centre import may_open_settings
from atrium.notifications.selectors import unread_count


def shell(request: HttpRequest) -> dict[str, Any]:
    """The navigation, the unread-notification count and the company's name and logo (the header's brand), for
    signed-in people only."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_main": nav_for(user, "main"),
        "nav_admin": nav_for(user, "admin"),
        "unread_notifications": unread_count(user),
        "may_use_api_tokens": may_use_api_tokens(user),
        "may_search": may_search(user),
        "may_open_settings": may_open_settings(user),
        "may_send_feedback": can(user, "feedback", "create"),
        "company": company_profile(),
    }


def may_search(user) -> bool:
    """The header's search box: for staff who may view at least one kind that search covers."""
    return not user.is_external and any(can(user, spec.scope_kind, "view") for spec in all_specs())
