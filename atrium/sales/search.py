"""Deals in global search and the deals list's free-text filter (by title and the customer's name), and quotes
(by number, title, and their deal's title and customer)."""

from django.utils.translation import gettext_lazy as _

from atrium.core.search import SearchSpec, register_search

DEAL_SEARCH = register_search(
    SearchSpec(
        kind="deal",
        model="sales.Deal",
        label=_("Deals"),
        fields=("title", "customer__name"),
        title="title",
        subtitle=("customer__name",),
        url_name="sales:deal_detail",
        list_url_name="sales:deals",
        follows={"customer": "customer"},
        pinyin=("title",),
        custom=True,
    )
)
QUOTE_SEARCH = register_search(
    SearchSpec(
        kind="quote",
        model="sales.Quote",
        label=_("Quotes"),
        fields=("number", "title", "deal__title", "deal__customer__name"),
        title="number",
        subtitle=("title", "deal__customer__name"),
        url_name="sales:quote_detail",
        follows={"deal": "deal"},
    )
)
