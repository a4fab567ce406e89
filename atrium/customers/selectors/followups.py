"""The follow-ups of one record as pages and timelines show them: the same rule as the follow-up API's list
(``customers.lists.followups_listed``), so a page never shows what the API answers 404 for."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from atrium.core.access import can
from atrium.customers.lists import followups_listed
from atrium.customers.models import FollowUp


def followups_seen_by(user: Any, **record: Any) -> QuerySet[FollowUp]:
    """The follow-ups of one record (``customer=``, ``contact=`` or ``lead=``) that the follow-up API would
    answer to this user; none without the view grant."""
    if not can(user, "followup", "view"):
        return FollowUp.objects.none()
    return followups_listed(user, "view").filter(**record)
