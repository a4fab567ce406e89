"""Pieces every customer service shares: the owner a new record gets, who may be given a record, links for
notifications. Loading for an action, the version check and bulk ids are the core write path's
(``atrium.core.writes``), re-exported here for the services of this app."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from atrium.accounts.models import User
from atrium.core.access import reaches, scope_of
from atrium.core.errors import Forbidden, ValidationFailed
from atrium.core.kinds import Scope
from atrium.core.writes import MAX_BULK, check_bulk_ids, check_version, load_for_action, pk_of

__all__ = [
    "MAX_BULK",
    "active_user",
    "check_assignable",
    "check_bulk_ids",
    "check_version",
    "load_for_action",
    "owner_for_new_record",
    "pk_of",
    "record_link",
]


def active_user(value: Any, field: str) -> User:
    """An active internal user by id (or the user itself)."""
    try:
        user = User.objects.filter(pk=int(pk_of(value)), is_active=True).select_related("department").first()
    except (TypeError, ValueError):
        user = None
    if user is None or user.is_external:
        raise ValidationFailed({field: [_("Choose an active member of staff.")]})
    return user


def check_assignable(actor: Any, kind: str, user: User | None, field: str = "owner") -> None:
    """Giving a record to someone other than oneself (or to nobody) needs the assign right reaching them."""
    if user is not None and user.pk == actor.pk:
        return
    scope = scope_of(actor, kind, "assign")
    if scope == Scope.ALL or reaches(actor, scope, user):
        return
    if scope == Scope.NONE:
        raise Forbidden(_("You may not assign records to other people."))
    raise ValidationFailed(
        {field: [_("You may only assign records to people in your department or below it.")]}
    )


def owner_for_new_record(actor: Any, kind: str, data: dict[str, Any]) -> User | None:
    """The owner of a new record: the actor unless ``data["owner"]`` names someone (or None: nobody)."""
    if "owner" not in data:
        return actor
    value = data["owner"]
    user = None if value in (None, "") else active_user(value, "owner")
    check_assignable(actor, kind, user)
    return user


def record_link(name: str, pk: int, fallback: str) -> str:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return fallback
