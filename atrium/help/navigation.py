"""The help centre's card in the settings centre (group support), beside the other settings of whoever has
some (a companion: it does not give the settings centre to people with nothing else there); everyone reaches
the help from the user menu."""

from django.utils.translation import gettext_lazy as _

from atrium.core.settings_centre import SettingsSection, register_settings_section

register_settings_section(
    SettingsSection(
        key="help",
        title=_("Help centre"),
        description=_("The manual: getting started, customers, the pool, import, search, roles and FAQ."),
        url_name="help:index",
        group="support",
        order=10,
        icon="❓",
        allowed=lambda user: bool(user.is_authenticated) and not user.is_external,
        companion=True,
    )
)
