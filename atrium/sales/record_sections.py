"""The customer page's 商机 section: the customer's deals the viewer may see (``core.record_sections``)."""

from django.utils.translation import gettext_lazy as _

from atrium.core.record_sections import RecordSection, register_record_section
from atrium.sales.selectors import customer_deals

register_record_section(
    RecordSection(
        kind="customer",
        key="deals",
        title=_("Deals"),
        template="sales/_customer_deals.html",
        context=customer_deals,
        order=10,
    )
)
