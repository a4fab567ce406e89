"""The columns of the deals list: label, cell, export value, and for sortable ones the field sorted on and the
index that serves it. Cells read only what the list's queryset loaded (customer, stage, pipeline, owner)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from atrium.customers.models import OptionList
from atrium.fields.choice_options import label_map
from atrium.lists.cells import Cell, choice_cell, link_cell, person_cell
from atrium.lists.specs import Column


def yuan(amount: Any) -> str:
    """An amount as people read it: ¥128,000.00 (— when empty)."""
    if amount is None:
        return "—"
    return f"¥{amount:,.2f}"


def _amount_cell(row: Any) -> Cell:
    return Cell(text=yuan(row.amount), muted=row.amount is None)


def _stage_cell(row: Any) -> Cell:
    return Cell(text=f"{row.stage.name}（{row.stage.probability}%）")


def _date_cell(name: str) -> Callable[[Any], Cell]:
    def make(row: Any) -> Cell:
        value = getattr(row, name)
        return Cell(text=value.isoformat() if value else "—", muted=value is None)

    return make


def _list_labels(list_key: str, name: str) -> Callable[[], Callable[[Any], Any]]:
    def export() -> Callable[[Any], Any]:
        labels = dict(label_map(list_key))
        return lambda record: labels.get(getattr(record, name), getattr(record, name))

    return export


def related_name(path: str) -> Callable[[], Callable[[Any], Any]]:
    """An export value: the name of the record at ``path`` ("customer", "contract.owner"), "" when none."""

    def export() -> Callable[[Any], Any]:
        def read(record: Any) -> Any:
            for part in path.split("."):
                record = getattr(record, part) if record is not None else None
            return "" if record is None else getattr(record, "name", str(record))

        return read

    return export


DEAL_COLUMNS = [
    Column(
        "title",
        _("Title"),
        cell=link_cell("sales:deal_detail", text="title"),
        sort="title",
        index="deal_title_id",
    ),
    Column(
        "customer",
        _("Customer"),
        cell=link_cell("customers:detail", record="customer"),
        export=related_name("customer"),
    ),
    Column(
        "pipeline",
        _("Pipeline"),
        cell=lambda row: Cell(text=row.pipeline.name),
        export=related_name("pipeline"),
    ),
    Column("stage", _("Stage"), cell=_stage_cell, export=related_name("stage")),
    Column("state", _("State"), cell=choice_cell("state")),
    Column("amount", _("Amount (¥)"), cell=_amount_cell, sort="amount", index="deal_amount_id"),
    Column(
        "expected_close",
        _("Expected close"),
        cell=_date_cell("expected_close"),
        sort="expected_close",
        index="deal_expected_close_id",
    ),
    Column("source", _("Source"), export=_list_labels(OptionList.SOURCE, "source")),
    Column("lost_reason", _("Lost reason"), export=_list_labels(OptionList.LOST_REASON, "lost_reason")),
    Column("owner", _("Owner"), cell=person_cell("owner"), export=related_name("owner")),
    Column("stage_entered_at", _("In this stage since")),
    Column("created_at", _("Created"), sort="id", index="pk"),
]
