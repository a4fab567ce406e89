"""Menu entries of sales (deals and their kanban, for who may view deals) and the settings centre's card of
pipelines and stages (for who may view them)."""

from django.utils.translation import gettext_lazy as _

from atrium.core.access import can
from atrium.core.navigation import NavEntry, register_nav
from atrium.core.settings_centre import SettingsSection, register_settings_section

register_nav(
    NavEntry(
        key="deals",
        label=_("Deals"),
        url_name="sales:board",
        section="main",
        icon="💼",
        order=35,
        allowed=lambda user: can(user, "deal", "view"),
    )
)
register_nav(
    NavEntry(
        key="quotes",
        label=_("Quotes"),
        url_name="sales:quotes",
        section="main",
        icon="🧮",
        order=36,
        allowed=lambda user: can(user, "quote", "view"),
    )
)
register_settings_section(
    SettingsSection(
        key="pipelines",
        title=_("Pipelines and stages"),
        description=_(
            "The sales pipelines, their stages, win probabilities and what a deal needs to enter a stage."
        ),
        url_name="sales:pipelines",
        group="sales",
        order=20,
        icon="🪜",
        allowed=lambda user: can(user, "pipeline", "view"),
    )
)
register_settings_section(
    SettingsSection(
        key="products",
        title=_("Products and services"),
        description=_("The catalogue that quote lines are chosen from: name, unit, unit price and tax rate."),
        url_name="sales:products",
        group="sales",
        order=30,
        icon="📦",
        # Who keeps the catalogue: sales reps read it (in quotes, and at its address) but have no settings.
        allowed=lambda user: can(user, "product", "create") or can(user, "product", "edit"),
    )
)
