"""The home page's panel of instalments to collect this week: those of the person's own contracts due by Sunday
or already overdue (whatever their scope: the panel is about their work)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import F
from django.utils import timezone

from atrium.contracts.models import COLLECTING, Instalment
from atrium.contracts.selectors import mark_status
from atrium.core.access import can
from atrium.core.home_panels import HomePanel, register_home_panel

SHOWN = 8


def instalments_this_week(user: Any) -> dict[str, Any] | None:
    if not can(user, "contract", "view"):
        return None
    today = timezone.localdate()
    sunday = today + datetime.timedelta(days=6 - today.weekday())
    qs = (
        Instalment.objects.filter(
            contract__owner_id=user.pk,
            contract__status__in=COLLECTING,
            received__lt=F("amount"),
            due_on__lte=sunday,
        )
        .select_related("contract__customer")
        .order_by("due_on", "id")
    )
    rows = list(qs[: SHOWN + 1])
    for row in rows:
        mark_status(row, today)
    if not rows:
        return None
    return {
        "rows": rows[:SHOWN],
        "more": len(rows) > SHOWN,
        "total": sum((row.balance for row in rows[:SHOWN]), Decimal("0")),
        "user_id": user.pk,
        "sunday": sunday,
    }


register_home_panel(
    HomePanel(
        key="instalments_this_week",
        template="contracts/home/_instalments_this_week.html",
        order=25,
        context=instalments_this_week,
    )
)
