"""Menu entries of contracts: contracts, receivables and payments, each for who may view them."""

from django.utils.translation import gettext_lazy as _

from atrium.core.access import can
from atrium.core.navigation import NavEntry, register_nav

register_nav(
    NavEntry(
        key="contracts",
        label=_("Contracts"),
        url_name="contracts:contracts",
        section="main",
        icon="📑",
        order=37,
        allowed=lambda user: can(user, "contract", "view"),
    )
)
register_nav(
    NavEntry(
        key="receivables",
        label=_("Receivables"),
        url_name="contracts:receivables",
        section="main",
        icon="🧾",
        order=38,
        allowed=lambda user: can(user, "contract", "view"),
    )
)
register_nav(
    NavEntry(
        key="payments",
        label=_("Payments received"),
        url_name="contracts:payments",
        section="main",
        icon="💴",
        order=39,
        allowed=lambda user: can(user, "payment", "view"),
    )
)
