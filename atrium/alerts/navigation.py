"""The operation alerts' card in the settings centre (security group) and the admin menu entry, shown to
people who may view alerts."""

from django.utils.translation import gettext_lazy as _

from atrium.core.access import can
from atrium.core.navigation import NavEntry, register_nav
from atrium.core.settings_centre import SettingsSection, register_settings_section

register_nav(
    NavEntry(
        key="operation_alerts",
        label=_("Operation alerts"),
        url_name="alerts:alerts",
        section="admin",
        icon="🚨",
        order=95,
        allowed=lambda user: can(user, "operation_alert", "view"),
    )
)

register_settings_section(
    SettingsSection(
        key="operation_alerts",
        title=_("Operation alerts"),
        description=_(
            "Be told when someone exports, deletes or edits unusually many records, signs in from a new place or after hours."
        ),
        url_name="alerts:alerts",
        group="security",
        order=20,
        icon="🚨",
        allowed=lambda user: can(user, "operation_alert", "view"),
    )
)
