"""Sections on other records' pages (``core.record_sections``): the customer's contracts with what is still to
collect and a link to the transaction history; the deal's contracts, with "create contract" once it is won or
has an accepted quote."""

from django.utils.translation import gettext_lazy as _

from atrium.contracts.selectors import customer_contracts, deal_contracts
from atrium.core.record_sections import RecordSection, register_record_section

register_record_section(
    RecordSection(
        kind="customer",
        key="contracts",
        title=_("Contracts and payments"),
        template="contracts/_customer_contracts.html",
        context=customer_contracts,
        order=20,
    )
)
register_record_section(
    RecordSection(
        kind="deal",
        key="contracts",
        title=_("Contracts"),
        template="contracts/_deal_contracts.html",
        context=deal_contracts,
        order=20,
    )
)
