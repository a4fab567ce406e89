"""The product catalogue (产品与服务, in the settings centre) and the quotes, declared for the list engine: the
products' page, API list and export, and the quotes' API list (the quotes a person sees: those of the deals
they may see, each with the total of its latest version)."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from atrium.core.access import require, visible
from atrium.lists.cells import Cell, link_cell
from atrium.lists.filters import (
    BooleanFilter,
    ChoiceFilter,
    DateRangeFilter,
    PersonFilter,
    RecordFilter,
    SearchFilter,
    TextFilter,
)
from atrium.lists.specs import Column, register_list
from atrium.sales.list_columns import yuan
from atrium.sales.models import Product, Quote, QuoteStatus, QuoteVersion

# Products ---------------------------------------------------------------------------------------------------


def products_listed(user: Any, action: str) -> QuerySet:
    require(user, "product", action)
    return visible(user, "product", Product.objects.all(), action)


def _categories(user: Any) -> list[tuple[str, str]]:
    names = Product.objects.exclude(category="").order_by("category").values_list("category", flat=True)
    return [(name, name) for name in dict.fromkeys(names)]


def _price_cell(row: Any) -> Cell:
    return Cell(text=yuan(row.unit_price))


def _tax_cell(row: Any) -> Cell:
    return Cell(text=f"{row.tax_rate.normalize():f}%")


def _active_cell(row: Any) -> Cell:
    return Cell(text=str(_("Yes") if row.is_active else _("No")), muted=not row.is_active)


def _active_text():
    yes, no = str(_("Yes")), str(_("No"))
    return lambda row: yes if row.is_active else no


PRODUCT_COLUMNS = [
    Column("name", _("Name"), cell=link_cell("sales:product_edit"), sort="name", index="product_name_id"),
    Column("category", _("Category"), sort="category", index="product_category_id"),
    Column("unit", _("Unit")),
    Column("unit_price", _("Unit price (¥)"), cell=_price_cell),
    Column("tax_rate", _("Tax rate"), cell=_tax_cell),
    Column("is_active", _("In use"), cell=_active_cell, export=_active_text),
    Column("description", _("Description")),
    Column("created_at", _("Created"), sort="id", index="pk"),
]

PRODUCT_FILTERS = [
    TextFilter(
        name="q", label=_("Search"), fields=("name",), placeholder=_("Name of the product or service")
    ),
    ChoiceFilter(
        name="category",
        label=_("Category"),
        field="category",
        options=_categories,
        empty_label=_("All categories"),
        strict=False,
    ),
    BooleanFilter(
        name="active",
        label=_("In use"),
        field="is_active",
        empty_label=_("In use or not"),
        yes_label=_("In use"),
        no_label=_("Not in use"),
    ),
]

PRODUCTS = register_list(
    key="products",
    kind="product",
    title=_("Products and services"),
    queryset=products_listed,
    columns=PRODUCT_COLUMNS,
    filters=PRODUCT_FILTERS,
    default_sort="name",
    default_columns=["name", "category", "unit", "unit_price", "tax_rate", "is_active"],
    url_name="sales:products",
    new_url_name="sales:product_new",
    new_label=_("New product or service"),
    empty_text=_("The catalogue is empty. Add the products and services you quote."),
    filtered_empty_text=_("No products or services match these filters."),
)


# Quotes -----------------------------------------------------------------------------------------------------


def _latest(field: str) -> Subquery:
    versions = QuoteVersion.objects.filter(quote=OuterRef("pk")).order_by("-number")
    return Subquery(versions.values(field)[:1])


def quotes_listed(user: Any, action: str) -> QuerySet:
    """The quotes of the deals the person sees, with the number, status and total of the latest version."""
    require(user, "quote", action)
    qs = Quote.objects.select_related("deal__customer").annotate(
        latest_number=_latest("number"), latest_status=_latest("status"), latest_total=_latest("total")
    )
    return visible(user, "quote", qs, action)


def _related(path: str, name: str):
    def export():
        def read(record: Any) -> str:
            for part in path.split("."):
                record = getattr(record, part)
            return str(getattr(record, name))

        return read

    return export


QUOTE_COLUMNS = [
    Column(
        "number",
        pgettext_lazy("record number", "Number"),
        cell=link_cell("sales:quote_detail", text="number"),
        sort="number",
        index="unique",
    ),
    Column("title", _("Title")),
    Column(
        "deal",
        _("Deal"),
        cell=link_cell("sales:deal_detail", text="title", record="deal"),
        export=_related("deal", "title"),
    ),
    Column(
        "customer",
        _("Customer"),
        cell=link_cell("customers:detail", record="deal.customer"),
        export=_related("deal.customer", "name"),
    ),
    Column(
        "latest_status",
        _("Status"),
        cell=lambda row: Cell(text=str(QuoteStatus(row.latest_status).label) if row.latest_status else "—"),
        export=lambda: lambda row: str(QuoteStatus(row.latest_status).label) if row.latest_status else "",
    ),
    Column(
        "latest_total",
        _("Total of the latest version (¥)"),
        cell=lambda row: Cell(text=yuan(row.latest_total)),
        export=lambda: lambda row: row.latest_total,
    ),
    Column("created_at", _("Created"), sort="id", index="pk"),
]

QUOTES = register_list(
    key="quotes",
    kind="quote",
    title=_("Quotes"),
    queryset=quotes_listed,
    columns=QUOTE_COLUMNS,
    filters=[
        SearchFilter(search_kind="quote"),
        ChoiceFilter(
            name="status",
            label=_("Status of the latest version"),
            field="latest_status",
            options=lambda user: QuoteStatus.choices,
            empty_label=_("Every status"),
            max_length=20,
        ),
        PersonFilter(name="owner", label=_("Deal owner"), field="deal__owner", kind="quote"),
        RecordFilter(name="deal", label=_("Deal"), field="deal"),
        RecordFilter(name="customer", label=_("Customer"), field="deal__customer"),
        DateRangeFilter(name="created", label=_("Created"), field="created_at"),
    ],
    default_sort="-created_at",
    default_columns=["number", "title", "deal", "customer", "latest_status", "latest_total", "created_at"],
    url_name="sales:quotes",
    name_column="number",
    empty_text=_("No quotes yet."),
    filtered_empty_text=_("No quotes match these filters."),
)
