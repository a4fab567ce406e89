"""Reads of feedback, through the access layer: a sender sees their own, admins (view at scope all) see all."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from atrium.core.access import can, get_visible, require, scope_of, visible
from atrium.core.kinds import Scope
from atrium.feedback.models import Feedback


def feedback_listed(user: Any, action: str) -> QuerySet[Feedback]:
    require(user, "feedback", action)
    return visible(user, "feedback", Feedback.objects.select_related("owner", "answered_by"), action)


def feedback_get(user: Any, pk: Any) -> Feedback:
    """NotFound (404) for a missing record and for another person's."""
    return get_visible(user, "feedback", pk, Feedback.objects.select_related("owner", "answered_by"))


def sees_everyones_feedback(user: Any) -> bool:
    return scope_of(user, "feedback", "view") == Scope.ALL


def may_answer(user: Any) -> bool:
    return can(user, "feedback", "edit")
