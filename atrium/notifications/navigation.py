"""The notification settings' card in the settings centre (group "company"), for people who may view them."""

from django.utils.translation import gettext_lazy as _

from atrium.core.access import can
from atrium.core.settings_centre import SettingsSection, register_settings_section
from atrium.notifications.kinds import SETTINGS_KIND

register_settings_section(
    SettingsSection(
        key="notification_settings",
        title=_("Notifications and reminders"),
        description=_(
            "Company defaults per kind of notification, quiet hours for e-mail and the daily follow-up reminder time."
        ),
        url_name="notification_settings:edit",
        group="company",
        order=20,
        icon="🔔",
        allowed=lambda user: can(user, SETTINGS_KIND, "view"),
    )
)
