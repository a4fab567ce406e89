"""Menu entries of customers, contacts, leads and the pool, each shown only to people who may view that list."""

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from atrium.core.access import can
from atrium.core.navigation import NavEntry, register_nav
from atrium.core.settings_centre import SettingsSection, register_settings_section


def _may_view(kind: str) -> Callable[[Any], bool]:
    return lambda user: can(user, kind, "view")


for key, label, url_name, kind, icon, order in (
    ("customers", _("Customers"), "customers:list", "customer", "🤝", 10),
    ("contacts", _("Contacts"), "customers:contacts", "contact", "📇", 20),
    ("leads", _("Leads"), "customers:leads", "lead", "🎯", 30),
    ("pool", _("Customer pool"), "customers:pool", "customer_pool", "🌊", 40),
):
    register_nav(
        NavEntry(
            key=key,
            label=label,
            url_name=url_name,
            section="main",
            icon=icon,
            order=order,
            allowed=_may_view(kind),
        )
    )

register_nav(
    NavEntry(
        key="admin_customer_settings",
        label=_("Customer settings"),
        url_name="customers:settings",
        section="admin",
        icon="🗂️",
        order=40,
        allowed=_may_view("customer_settings"),
    )
)

register_settings_section(
    SettingsSection(
        key="customer_settings",
        title=_("Customer settings"),
        description=_("Pool rules: when customers return to the pool, how many a rep may hold."),
        url_name="customers:settings",
        group="data",
        order=10,
        icon="🗂️",
        allowed=_may_view("customer_settings"),
    )
)
