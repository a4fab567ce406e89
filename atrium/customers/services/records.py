"""Pieces every customer service shares: loading a record for a write, the version check, the owner a new
record gets, links for notifications."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from atrium.accounts.models import User
from atrium.core.access import check_action, get_visible, reaches, scope_of
from atrium.core.errors import Conflict, Forbidden, ValidationFailed
from atrium.core.kinds import Scope

MAX_BULK = 1000


def pk_of(record_or_pk: Any) -> Any:
    return record_or_pk.pk if isinstance(record_or_pk, Model) else record_or_pk


def load_for_action(actor: Any, kind: str, record_or_pk: Any, action: str, model: type[Model]) -> Any:
    """The record, locked for the rest of the transaction: NotFound (404) when the actor cannot see it,
    Forbidden (403) when they see it but may not do ``action``."""
    record = get_visible(actor, kind, pk_of(record_or_pk), model._default_manager.select_for_update())
    check_action(actor, kind, action, record)
    return record


def check_version(record: Any, version: Any) -> None:
    try:
        expected = int(version)
    except (TypeError, ValueError):
        raise ValidationFailed({"version": [_("Send the version you read.")]}) from None
    if expected != record.version:
        raise Conflict()


MAX_ID = 2**63 - 1  # the largest primary key (BigAutoField); a larger number names no record


def check_bulk_ids(ids: Any) -> list[int]:
    try:
        clean = sorted({int(pk) for pk in ids})
    except (TypeError, ValueError):
        raise ValidationFailed({"ids": [_("Choose valid records.")]}) from None
    if clean and not (clean[0] >= 1 and clean[-1] <= MAX_ID):
        raise ValidationFailed({"ids": [_("Choose valid records.")]})
    if not clean:
        raise ValidationFailed({"ids": [_("Choose at least one record.")]})
    if len(clean) > MAX_BULK:
        raise ValidationFailed({"ids": [_("Choose at most %(max)d records at once.") % {"max": MAX_BULK}]})
    return clean


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
