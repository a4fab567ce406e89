"""The settings centre's card of custom fields, for people who may manage them."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from atrium.core.access import can
from atrium.core.settings_centre import SettingsSection, register_settings_section
from atrium.fields.choice_lists import choice_lists

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


def _may_see_choice_lists(user: Any) -> bool:
    return any(can(user, kind, "view") for kind in {item.kind for item in choice_lists()})


register_settings_section(
    SettingsSection(
        key="choice_lists",
        title=_("Choice lists"),
        description=_(
            "Industries, sources, levels, tags, follow-up types, lost reasons: add, rename, reorder, retire, merge."
        ),
        url_name="fields:choice_lists",
        group="data",
        order=15,
        icon="📋",
        allowed=_may_see_choice_lists,
    )
)
