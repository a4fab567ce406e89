"""Contracts in global search and the contracts list's free-text filter: by number, title and the customer's
name."""

from django.utils.translation import gettext_lazy as _

from atrium.core.search import SearchSpec, register_search

CONTRACT_SEARCH = register_search(
    SearchSpec(
        kind="contract",
        model="contracts.Contract",
        label=_("Contracts"),
        fields=("number", "title", "customer__name"),
        title="number",
        subtitle=("title", "customer__name"),
        url_name="contracts:detail",
        list_url_name="contracts:contracts",
        follows={"customer": "customer"},
        custom=True,
    )
)
