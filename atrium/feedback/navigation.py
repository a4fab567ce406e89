"""The settings centre's card of feedback (group "support"), for the people who see everyone's feedback (the
admins); everyone else reaches their own from the user menu (base.html)."""

from django.utils.translation import gettext_lazy as _

from atrium.core.settings_centre import SettingsSection, register_settings_section
from atrium.feedback.selectors import sees_everyones_feedback

register_settings_section(
    SettingsSection(
        key="feedback",
        title=_("User feedback"),
        description=_(
            "Suggestions and problems people sent from the user menu: set their status and answer."
        ),
        url_name="feedback:list",
        group="support",
        order=20,
        icon="💬",
        allowed=sees_everyones_feedback,
    )
)
