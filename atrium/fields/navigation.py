"""The settings centre's card of custom fields, for people who may manage them."""

from django.utils.translation import gettext_lazy as _

from atrium.core.access import can
from atrium.core.settings_centre import SettingsSection, register_settings_section

register_settings_section(
    SettingsSection(
        key="custom_fields",
        title=_("Custom fields"),
        description=_(
            "Add your own fields to customers, contacts, leads and follow-ups: type, required, who sees them."
        ),
        url_name="fields:list",
        group="data",
        order=20,
        icon="🧩",
        allowed=lambda user: can(user, "custom_field", "view"),
    )
)
