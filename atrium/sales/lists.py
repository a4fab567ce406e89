"""The deals list, declared for the list engine (``atrium.lists``): its page, API filters, exports and saved
views come from this spec; the kanban (``views/board.py``) reads the same filters and saved views."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from atrium.core.access import require, visible
from atrium.customers.models import OptionList
from atrium.fields.choice_options import active_choices, all_choices
from atrium.lists.filters import (
    ChoiceFilter,
    DateRangeFilter,
    DepartmentFilter,
    NumberRangeFilter,
    PersonFilter,
    RecordFilter,
    SearchFilter,
)
from atrium.lists.specs import register_list
from atrium.sales.list_actions import DEAL_ACTIONS
from atrium.sales.list_columns import DEAL_COLUMNS
from atrium.sales.models import Deal, Pipeline, Stage, StageKind


def deals_listed(user: Any, action: str) -> QuerySet:
    require(user, "deal", action)
    qs = Deal.objects.select_related("customer", "pipeline", "stage", "owner")
    return visible(user, "deal", qs, action)


def _options(option_list: str):
    def choices(user: Any) -> list[tuple[str, str]]:
        return all_choices(option_list) if user is None else active_choices(option_list)

    return choices


def _pipelines(user: Any) -> list[tuple[str, str]]:
    return [(str(pk), name) for pk, name in Pipeline.objects.values_list("pk", "name")]


def _stages(user: Any) -> list[tuple[str, str]]:
    rows = Stage.objects.select_related("pipeline").order_by("pipeline__position", "pipeline_id", "position")
    return [(str(s.pk), f"{s.pipeline.name} · {s.name}") for s in rows]


DEAL_FILTERS = [
    SearchFilter(search_kind="deal"),
    ChoiceFilter(
        name="pipeline",
        label=_("Pipeline"),
        field="pipeline_id",
        options=_pipelines,
        empty_label=_("All pipelines"),
        integer=True,
    ),
    ChoiceFilter(
        name="stage",
        label=_("Stage"),
        field="stage_id",
        options=_stages,
        empty_label=_("All stages"),
        integer=True,
    ),
    ChoiceFilter(
        name="state",
        label=_("State"),
        field="state",
        options=lambda user: StageKind.choices,
        empty_label=_("Open, won and lost"),
        max_length=8,
    ),
    PersonFilter(name="owner", label=_("Owner"), field="owner", kind="deal"),
    DepartmentFilter(name="department", label=_("Department"), field="owner__department", kind="deal"),
    RecordFilter(name="customer", label=_("Customer"), field="customer"),
    NumberRangeFilter(name="amount", label=_("Amount (¥)"), field="amount"),
    DateRangeFilter(name="close", label=_("Expected close"), field="expected_close"),
    ChoiceFilter(
        name="source",
        label=_("Source"),
        field="source",
        options=_options(OptionList.SOURCE),
        empty_label=_("All sources"),
        strict=False,
    ),
    DateRangeFilter(name="created", label=_("Created"), field="created_at"),
]

DEALS = register_list(
    key="deals",
    kind="deal",
    title=_("Deals"),
    queryset=deals_listed,
    columns=DEAL_COLUMNS,
    filters=DEAL_FILTERS,
    default_columns=["title", "customer", "stage", "amount", "expected_close", "owner", "created_at"],
    url_name="sales:deals",
    new_url_name="sales:deal_new",
    new_label=_("New deal"),
    import_kind="deals",
    bulk_actions=DEAL_ACTIONS,
    empty_text=_("No deals yet. Create one, or convert a lead into a deal."),
    filtered_empty_text=_("No deals match these filters."),
)
