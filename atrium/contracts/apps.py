"""Contracts (合同与回款): contracts from won deals and accepted quotes, payment plans, payments and invoices."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "atrium.contracts"
    label = "contracts"
    verbose_name = _("Contracts and payments")

    def ready(self) -> None:
        # Kinds (roles grant them), events and their notices, search, lists, menu entries, the customer's and
        # the deal's page sections, the kanban's offer on a won deal, home panels, demo data.
        from atrium.contracts import (  # noqa: F401
            custom_fields,
            demo,
            events,
            home,
            importing,
            kinds,
            lists,
            navigation,
            notices,
            record_sections,
            search,
            won_offers,
        )
