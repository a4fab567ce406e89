"""Menu entry of the operation log (administration section), shown to people who may view it."""

from django.utils.translation import gettext_lazy as _

from atrium.core.access import can
from atrium.core.navigation import NavEntry, register_nav
from atrium.core.settings_centre import SettingsSection, register_settings_section

register_nav(
    NavEntry(
        key="operation_log",
        label=_("Operation log"),
        url_name="accounts:operation_log",
        section="admin",
        icon="📜",
        order=90,
        allowed=lambda user: can(user, "operation_log", "view"),
    )
)

register_settings_section(
    SettingsSection(
        key="operation_log",
        title=_("Operation log"),
        description=_("Who did what and when: every change, export, sign-in and permission change."),
        url_name="accounts:operation_log",
        group="security",
        order=10,
        icon="📜",
        allowed=lambda user: can(user, "operation_log", "view"),
    )
)
