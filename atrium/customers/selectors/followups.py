"""The follow-up list of the API: scoped through the access layer, filtered by record, type, author and period."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from atrium.core.access import can, require, visible
from atrium.core.errors import ValidationFailed
from atrium.customers.models import FollowUp, FollowUpType


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def followups_queryset(
    user: Any,
    *,
    customer: int | None = None,
    contact: int | None = None,
    lead: int | None = None,
    type: str | None = None,
    owner: int | None = None,
    happened_from: datetime.date | None = None,
    happened_to: datetime.date | None = None,
) -> QuerySet[FollowUp]:
    """The follow-ups the user may see, newest first by id (keyset-friendly), narrowed by the filters."""
    require(user, "followup", "view")
    if type and type not in FollowUpType.values:
        raise ValidationFailed(
            {"type": [_("Choose one of: %(values)s.") % {"values": ", ".join(FollowUpType.values)}]}
        )
    if happened_from and happened_to and happened_from > happened_to:
        raise ValidationFailed({"happened_to": [_("The end of the period is before its start.")]})
    qs = visible(user, "followup", FollowUp.objects.select_related("owner"))
    filters: dict[str, Any] = {
        "customer_id": customer,
        "contact_id": contact,
        "lead_id": lead,
        "type": type or None,
        "owner_id": owner,
    }
    qs = qs.filter(**{name: value for name, value in filters.items() if value is not None})
    if happened_from:
        qs = qs.filter(happened_at__gte=_day_start(happened_from))
    if happened_to:
        qs = qs.filter(happened_at__lt=_day_start(happened_to + datetime.timedelta(days=1)))
    return qs


def followups_seen_by(user: Any, **record: Any) -> QuerySet[FollowUp]:
    """The follow-ups of one record (``customer=``, ``contact=`` or ``lead=``) that the follow-up API would
    answer to this user — the one rule for pages, timelines and the API; none without the view grant."""
    if not can(user, "followup", "view"):
        return FollowUp.objects.none()
    return visible(user, "followup", FollowUp.objects.filter(**record))
