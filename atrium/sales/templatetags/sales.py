"""Template filters of sales: ``yuan`` (¥128,000.00) and ``duration_text`` (3天4小时)."""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.utils.translation import gettext as _

from atrium.sales.list_columns import yuan as yuan_text

register = template.Library()


@register.filter
def yuan(amount: Any) -> str:
    return yuan_text(amount)


@register.filter
def duration_text(spent: datetime.timedelta) -> str:
    """Days and hours (or minutes, under an hour) as people say them."""
    seconds = max(0, int(spent.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    if days:
        return _("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)d h") % {"hours": hours}
    return _("%(minutes)d min") % {"minutes": max(1, rest // 60)}


@register.filter
def quantity(value: Any) -> str:
    """A quantity or a percentage without trailing zeros: 12.500 → 12.5, 3.000 → 3."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
