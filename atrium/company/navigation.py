"""The company profile's card in the settings centre (group "company"), for people who may view it."""

from django.utils.translation import gettext_lazy as _

from atrium.company.kinds import KIND
from atrium.core.access import can
from atrium.core.settings_centre import SettingsSection, register_settings_section

register_settings_section(
    SettingsSection(
        key="company_profile",
        title=_("Company profile"),
        description=_(
            "Legal name, logo, address, tax id, bank account and seal, used on documents and e-mails."
        ),
        url_name="company:settings",
        group="company",
        order=10,
        icon="🏢",
        allowed=lambda user: can(user, KIND, "view"),
    )
)
