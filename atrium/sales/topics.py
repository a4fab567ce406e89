"""Realtime topic of sales: ``pipeline.<id>`` — a kanban's viewers are told when that pipeline's deals change
and re-read their own totals (the push carries only the pipeline's id, nothing scoped)."""

from __future__ import annotations

from typing import Any

from atrium.core.access import can
from atrium.core.events import subscribe
from atrium.core.realtime import push_to_topic, register_topic
from atrium.sales import events  # noqa: F401  (declares deal_board.changed)
from atrium.sales.models import Pipeline


def _may_follow_pipeline(user: Any, rest: str) -> bool:
    return rest.isdigit() and can(user, "deal", "view") and Pipeline.objects.filter(pk=int(rest)).exists()


def pipeline_topic(pipeline_id: int) -> str:
    return f"pipeline.{pipeline_id}"


def tell_board_viewers(*, pipeline_ids: list[int], **_delivery: Any) -> None:
    for pipeline_id in pipeline_ids:
        push_to_topic(pipeline_topic(pipeline_id), "deal_board.changed", {"pipeline": pipeline_id})


register_topic("pipeline", _may_follow_pipeline)
subscribe("deal_board.changed", tell_board_viewers)
