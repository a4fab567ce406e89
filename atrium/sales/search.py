"""Deals in global search and the deals list's free-text filter: by title and the customer's name."""

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
