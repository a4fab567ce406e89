"""The sales panel on the home page: the person's own open deals by stage (count and amount per stage of each
pipeline in use), each stage linking to the deals list filtered to it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum

from atrium.core.access import can
from atrium.core.home_panels import HomePanel, register_home_panel
from atrium.sales.models import Deal, Stage, StageKind


def my_open_deals(user: Any) -> dict[str, Any] | None:
    """The person's own open deals (whatever their scope: the panel is about their work), one GROUP BY."""
    if not can(user, "deal", "view"):
        return None
    rows = (
        Deal.objects.filter(owner_id=user.pk, state=StageKind.OPEN)
        .order_by()
        .values("stage_id")
        .annotate(count=Count("*"), total=Sum("amount"))
    )
    by_stage = {row["stage_id"]: row for row in rows}
    stages = (
        Stage.objects.filter(pk__in=by_stage)
        .select_related("pipeline")
        .order_by("pipeline__position", "pipeline_id", "position")
    )
    lines = [
        {
            "stage": stage,
            "count": by_stage[stage.pk]["count"],
            "total": by_stage[stage.pk]["total"] or Decimal("0"),
        }
        for stage in stages
    ]
    return {
        "lines": lines,
        "count": sum(line["count"] for line in lines),
        "total": sum((line["total"] for line in lines), Decimal("0")),
        "user_id": user.pk,
    }


register_home_panel(
    HomePanel(key="my_open_deals", template="sales/home/_my_open_deals.html", order=20, context=my_open_deals)
)
