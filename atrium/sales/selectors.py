"""Reads of sales, through the access layer: a deal, its stage history with the time spent per stage, the
kanban of a pipeline (columns with count, total and weighted amount from one GROUP BY, cards 50 at a time per
column by keyset), and a customer's deals for its page."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from atrium.core.access import can, check_action, get_visible, visible
from atrium.core.errors import NotFound
from atrium.lists.query import ListQuery
from atrium.lists.selectors import filtered_queryset
from atrium.sales.models import Deal, DealStageHistory, Pipeline, Stage, StageKind

CARDS_PER_PAGE = 50
CUSTOMER_DEALS_SHOWN = 10


def deal_get(user: Any, deal_id: Any) -> Deal:
    qs = Deal.objects.select_related("customer", "pipeline", "stage", "owner", "created_by")
    return get_visible(user, "deal", deal_id, qs)


def pipelines_in_use() -> list[Pipeline]:
    return list(Pipeline.objects.filter(is_active=True).order_by("position", "id"))


def pipeline_for_board(pipeline_id: Any) -> Pipeline:
    """An active pipeline (any person who may view deals may open its kanban)."""
    try:
        pipeline = Pipeline.objects.filter(pk=int(pipeline_id)).first()
    except (TypeError, ValueError):
        pipeline = None
    if pipeline is None:
        raise NotFound()
    return pipeline


def stages_of(pipeline: Pipeline | int) -> list[Stage]:
    return list(Stage.objects.filter(pipeline=pipeline).order_by("position", "id"))


@dataclass
class Column:
    stage: Stage
    count: int = 0
    total: Decimal = Decimal("0")
    cards: list[Deal] = field(default_factory=list)
    next_after: int | None = None

    @property
    def weighted(self) -> Decimal:
        return (self.total * self.stage.probability / 100).quantize(Decimal("0.01"))


@dataclass
class Board:
    pipeline: Pipeline
    columns: list[Column]

    @property
    def count(self) -> int:
        return sum(c.count for c in self.columns)

    @property
    def total(self) -> Decimal:
        return sum((c.total for c in self.columns if c.stage.kind == StageKind.OPEN), Decimal("0"))

    @property
    def weighted(self) -> Decimal:
        return sum((c.weighted for c in self.columns if c.stage.kind == StageKind.OPEN), Decimal("0"))


def board_deals(user: Any, query: ListQuery, pipeline: Pipeline) -> QuerySet:
    """The deals of this pipeline the person sees, with the list's filters applied."""
    return filtered_queryset(user, query).filter(pipeline=pipeline)


def column_totals(user: Any, query: ListQuery, pipeline: Pipeline) -> list[Column]:
    """Each stage's count and total amount: one GROUP BY over the person's deals of the pipeline."""
    stages = stages_of(pipeline)
    rows = (
        board_deals(user, query, pipeline)
        .order_by()
        .values("stage_id")
        .annotate(count=Count("*"), total=Sum("amount"))
    )
    by_stage = {row["stage_id"]: row for row in rows}
    columns = []
    for stage in stages:
        row = by_stage.get(stage.pk)
        columns.append(
            Column(
                stage=stage,
                count=row["count"] if row else 0,
                total=(row["total"] or Decimal("0")) if row else Decimal("0"),
            )
        )
    return columns


def column_cards(
    user: Any, query: ListQuery, pipeline: Pipeline, stage: Stage, after: int | None = None
) -> tuple[list[Deal], int | None]:
    """Up to 50 cards of one column, newest first, after the card ``after``; and the id to continue after."""
    qs = board_deals(user, query, pipeline).filter(stage=stage)
    if after:
        qs = qs.filter(pk__lt=after)
    cards = list(qs.select_related("customer", "owner").order_by("-pk")[: CARDS_PER_PAGE + 1])
    more = len(cards) > CARDS_PER_PAGE
    cards = cards[:CARDS_PER_PAGE]
    return cards, (cards[-1].pk if more and cards else None)


def board(user: Any, query: ListQuery, pipeline: Pipeline) -> Board:
    columns = column_totals(user, query, pipeline)
    for column in columns:
        if column.count:
            column.cards, column.next_after = column_cards(user, query, pipeline, column.stage)
    return Board(pipeline=pipeline, columns=columns)


@dataclass(frozen=True)
class Stay:
    stage_name: str
    entered_at: datetime.datetime
    left_at: datetime.datetime | None
    actor_name: str

    @property
    def duration(self) -> datetime.timedelta:
        return (self.left_at or timezone.now()) - self.entered_at


def stage_history(deal: Deal) -> list[Stay]:
    rows = DealStageHistory.objects.filter(deal=deal).select_related("actor").order_by("entered_at", "id")
    return [
        Stay(
            stage_name=row.stage_name,
            entered_at=row.entered_at,
            left_at=row.left_at,
            actor_name=row.actor.name if row.actor else "",
        )
        for row in rows
    ]


def time_per_stage(stays: list[Stay]) -> list[tuple[str, datetime.timedelta]]:
    """The time spent in each stage (a stage entered twice counts both stays), in the order first entered."""
    totals: dict[str, datetime.timedelta] = {}
    for stay in stays:
        totals[stay.stage_name] = totals.get(stay.stage_name, datetime.timedelta()) + stay.duration
    return list(totals.items())


def deal_permissions(user: Any, deal: Deal) -> dict[str, bool]:
    def may(action: str) -> bool:
        try:
            check_action(user, "deal", action, deal)
        except Exception:
            return False
        return True

    return {"can_edit": may("edit"), "can_delete": may("delete"), "can_assign": may("assign")}


def customer_deals(user: Any, customer: Any) -> dict[str, Any] | None:
    """The customer page's section: the person's visible deals of this customer (newest first, ten shown),
    how many are open and their total. None when the person may not view deals."""
    if not can(user, "deal", "view"):
        return None
    qs = visible(user, "deal", Deal.objects.filter(customer=customer))
    summary = qs.order_by().aggregate(
        count=Count("id"),
        open=Count("id", filter=Q(state=StageKind.OPEN)),
        open_total=Sum("amount", filter=Q(state=StageKind.OPEN)),
        won_total=Sum("amount", filter=Q(state=StageKind.WON)),
    )
    deals = list(qs.select_related("stage", "owner").order_by("-pk")[:CUSTOMER_DEALS_SHOWN])
    return {
        "deals": deals,
        "summary": summary,
        "customer": customer,
        "can_create": can(user, "deal", "create"),
    }


# Quotes -----------------------------------------------------------------------------------------------------


def quote_get(user: Any, quote_id: Any) -> Any:
    from atrium.sales.models import Quote

    qs = Quote.objects.select_related("deal__customer", "deal__owner", "created_by")
    return get_visible(user, "quote", quote_id, qs)


def quotes_of_deal(user: Any, deal: Deal) -> list[Any]:
    """The deal's quotes the person sees, newest first, each with its versions (one query each)."""
    from django.db.models import Prefetch

    from atrium.sales.models import Quote, QuoteVersion

    if not can(user, "quote", "view"):
        return []
    qs = visible(user, "quote", Quote.objects.filter(deal=deal)).prefetch_related(
        Prefetch("versions", queryset=QuoteVersion.objects.order_by("number"))
    )
    quotes = list(qs.order_by("-pk"))
    for quote in quotes:
        quote.latest_version = list(quote.versions.all())[-1]
    return quotes


def quote_version_of(quote: Any, number: Any) -> Any:
    """A version of the quote (the latest when ``number`` is empty or not one of its versions)."""
    versions = list(quote.versions.order_by("number"))
    chosen = next((v for v in versions if str(v.number) == str(number)), None)
    return chosen or versions[-1], versions


@dataclass(frozen=True)
class LineChange:
    kind: str  # "added", "removed", "changed", "same"
    description: str
    before: Any = None
    after: Any = None
    fields: tuple[str, ...] = ()


DIFF_FIELDS = ("unit", "quantity", "unit_price", "discount_percent", "tax_rate", "total")


def versions_diff(older: Any, newer: Any) -> list[LineChange]:
    """Line by line: lines are matched by product (or, for free text, by description) in order; a matched
    line whose unit, quantity, price, discount, tax or total differs is "changed"."""

    def key(line: Any) -> tuple[str, Any]:
        return ("product", line.product_id) if line.product_id else ("text", line.description.strip())

    old_lines = list(older.lines.order_by("position"))
    new_lines = list(newer.lines.order_by("position"))
    pending: dict[tuple[str, Any], list[Any]] = {}
    for line in old_lines:
        pending.setdefault(key(line), []).append(line)
    changes = []
    for line in new_lines:
        matches = pending.get(key(line))
        if not matches:
            changes.append(LineChange("added", line.description, after=line))
            continue
        before = matches.pop(0)
        differing = tuple(f for f in DIFF_FIELDS if getattr(before, f) != getattr(line, f))
        changes.append(
            LineChange("changed" if differing else "same", line.description, before, line, differing)
        )
    for lines in pending.values():
        changes.extend(LineChange("removed", line.description, before=line) for line in lines)
    return changes
