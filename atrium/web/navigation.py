"""The settings centre's menu entry: at the head of the administration section, for anyone who may open at least
one of its sections."""

from django.utils.translation import gettext_lazy as _

from atrium.core.navigation import NavEntry, register_nav
from atrium.core.settings_centre import may_open_settings

register_nav(
    NavEntry(
        key="settings",
        label=_("Settings"),
        url_name="settings",
        section="admin",
        icon="⚙️",
        order=0,
        allowed=may_open_settings,
    )
)
