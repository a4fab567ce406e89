"""Sales (销售): pipelines with admin-edited stages and the deals (商机) that move through them."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SalesConfig(AppConfig):
    name = "atrium.sales"
    label = "sales"
    verbose_name = _("Sales")

    def ready(self) -> None:
        # Kinds (roles grant them), events and their notices, choice-list uses, the lead conversion's deal step,
        # custom fields, search, lists,
        # the home page's panel, menu entries and settings card, the customer page's section, realtime topics, demo data.
        from atrium.sales import (  # noqa: F401
            choice_lists,
            conversion,
            custom_fields,
            demo,
            demo_quotes,
            events,
            home,
            importing,
            kinds,
            log_fields,
            navigation,
            notices,
            product_lists,
            quote_mail,
            record_sections,
            search,
            timeline,
            topics,
        )
