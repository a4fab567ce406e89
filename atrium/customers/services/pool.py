"""The customer pool (公海): claim, release, transfer, the daily return of neglected customers and the rules."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from atrium.accounts.models import User
from atrium.core.access import check_action, require, visible
from atrium.core.actors import Actor, AuditVerb, SystemActor, actor_id, register_system_actor
from atrium.core.audit import audit, audit_records, changes_between, snapshot
from atrium.core.errors import Forbidden, NotFound, ServiceError, ValidationFailed
from atrium.core.events import emit
from atrium.core.writes import check_bulk_ids, check_version, pk_of, reindex_records
from atrium.customers.models import Customer, PoolSettings
from atrium.customers.services.customers import customers_for_action
from atrium.customers.services.records import active_user, check_assignable

RETURN_BATCH = 500
MAX_CLAIM_LIMIT = 1_000_000
MAX_RETURN_DAYS = 3650

register_system_actor("pool_return", gettext_lazy("automatic return to the pool"))
POOL_RETURN = SystemActor("pool_return")


def _move_owner(
    actor: Actor,
    record: Customer,
    new_owner: User | None,
    now: datetime.datetime,
    verb: AuditVerb,
    summary: str,
) -> None:
    """Give ``record`` to ``new_owner`` (None: the pool), remembering who had it; logged by names."""
    before = str(record.owner) if record.owner_id else None
    record.previous_owner_id = record.owner_id
    record.owner = new_owner
    record.owned_since = now
    record.version += 1
    record.save(update_fields=["owner", "previous_owner", "owned_since", "version", "updated_at"])
    after = str(new_owner) if new_owner is not None else None
    audit(actor=actor, action=verb, record=record, changes={"owner": [before, after]}, summary=summary)


def _owned_count(user: Any) -> int:
    return Customer.objects.filter(owner_id=user.pk, is_archived=False).count()


def customer_claim(*, actor: Any, customer: Customer | int) -> Customer:
    """Take one pool customer (see ``customers_claim``)."""
    return customers_claim(actor=actor, ids=[pk_of(customer)])[0]


def customers_claim(*, actor: Any, ids: Iterable[Any]) -> list[Customer]:
    """Take pool customers, all or none. Refused when the actor would own more than ``claim_limit``
    customers, or when any of them is no longer in the pool; of two people claiming at once, one wins and the
    other is told the customer is gone."""
    require(actor, "customer_pool", "assign")
    wanted = check_bulk_ids(ids)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=actor.pk).first()  # one claim at a time per person
        _check_claim_limit(actor, len(wanted))
        now = timezone.now()
        taken = Customer.objects.filter(pk__in=wanted, owner__isnull=True, is_archived=False).update(
            owner=actor, owned_since=now, version=F("version") + 1, updated_at=now
        )
        if taken != len(wanted):
            _refuse_gone(actor, wanted)
        records = list(Customer.objects.select_related("owner").filter(pk__in=wanted).order_by("pk"))
        audit_records(
            actor=actor,
            action=AuditVerb.CLAIM,
            kind="customer",
            records=[(r.pk, r.name, {"owner": None}, {"owner": str(actor)}) for r in records],
            summary=_("Claimed from the customer pool"),
        )
        reindex_records("customer", wanted)
        emit("customer.claimed", customer_ids=wanted, actor_id=actor_id(actor))
    return records


def _check_claim_limit(actor: Any, adding: int) -> None:
    limit = PoolSettings.current().claim_limit
    owned = _owned_count(actor)
    if owned + adding <= limit:
        return
    if owned >= limit:
        message = _("You already own %(limit)d customers, the most one person may own. Release some first.")
    else:
        message = _(
            "You may claim %(left)d more customers: %(limit)d is the most one person may own. Choose fewer."
        )
    raise ServiceError(message % {"limit": limit, "left": limit - owned}, code="claim_limit")


def _refuse_gone(actor: Any, wanted: list[int]) -> None:
    """Some of the chosen customers were not in the pool: 404 for any the actor cannot even see, else say
    they are gone (the caller's transaction rolls back the claims already made)."""
    seen = visible(actor, "customer", Customer.objects.filter(pk__in=wanted)).values_list("pk", flat=True)
    if len(set(seen)) != len(wanted):
        raise NotFound(_("Some of the chosen customers do not exist or are not visible to you."))
    if len(wanted) == 1:
        raise ServiceError(_("This customer is no longer in the pool."), code="not_in_pool")
    raise ServiceError(
        _("Some of the chosen customers are no longer in the pool; none was claimed."), code="not_in_pool"
    )


def _may_release(actor: Any, record: Customer) -> bool:
    if record.owner_id == actor.pk:
        return True
    try:
        check_action(actor, "customer", "assign", record)
    except Forbidden:
        return False
    return True


def _release(actor: Any, record: Customer, now: datetime.datetime) -> None:
    if record.owner_id is None:
        raise ServiceError(_("%(name)s is already in the pool.") % {"name": record.name}, code="in_pool")
    if not _may_release(actor, record):
        raise Forbidden(_("Only the owner or someone who may assign it can release this customer."))
    _move_owner(actor, record, None, now, AuditVerb.RELEASE, _("Released to the customer pool"))


def customer_release(*, actor: Any, customer: Customer | int) -> Customer:
    """Put one customer back in the pool (its owner, or someone with assign on it)."""
    return customers_release(actor=actor, ids=[pk_of(customer)])[0]


def customers_release(*, actor: Any, ids: Iterable[Any]) -> list[Customer]:
    """Put several customers back in the pool, all or none; the owners (when not the actor) are told."""
    now = timezone.now()
    with transaction.atomic():
        rows = customers_for_action(actor, ids, "view")
        rows = list(
            Customer.objects.select_related("owner").filter(pk__in=[r.pk for r in rows]).order_by("pk")
        )
        previous_owner_ids = [record.owner_id for record in rows]
        for record in rows:
            _release(actor, record, now)
        reindex_records("customer", [r.pk for r in rows])
        emit(
            "customer.released",
            customer_ids=[r.pk for r in rows],
            previous_owner_ids=previous_owner_ids,
            actor_id=actor_id(actor),
            return_after_days=None,
        )
    return rows


def customers_transfer(*, actor: Any, ids: Iterable[Any], to_user: Any) -> list[Customer]:
    """Give customers to another active person (needs assign on each customer, and the assign right must
    reach that person: a department manager gives only within their department); they are told."""
    target = active_user(to_user, "to_user")
    check_assignable(actor, "customer", target, "to_user")
    now = timezone.now()
    with transaction.atomic():
        rows = customers_for_action(actor, ids, "assign")
        rows = list(
            Customer.objects.select_related("owner").filter(pk__in=[r.pk for r in rows]).order_by("pk")
        )
        moved = []
        for record in rows:
            if record.is_archived:
                raise ServiceError(_("%(name)s is archived.") % {"name": record.name}, code="archived")
            if record.owner_id == target.pk:
                continue
            summary = _("Transferred to %(name)s") % {"name": str(target)}
            _move_owner(actor, record, target, now, AuditVerb.TRANSFER, summary)
            moved.append(record)
        reindex_records("customer", [r.pk for r in moved])
        if moved:
            emit(
                "customer.transferred",
                customer_ids=[r.pk for r in moved],
                actor_id=actor_id(actor),
                to_user_id=target.pk,
            )
    return rows


def _stale_q(cutoff: datetime.datetime) -> Q:
    return Q(owner__isnull=False, is_archived=False) & (
        Q(last_followup_at__lt=cutoff)
        | Q(last_followup_at__isnull=True, owned_since__lt=cutoff)
        | Q(last_followup_at__isnull=True, owned_since__isnull=True, created_at__lt=cutoff)
    )


def _return_batch(ids: list[int], cutoff: datetime.datetime, now: datetime.datetime, days: int) -> int:
    with transaction.atomic():
        rows = list(
            Customer.objects.select_for_update().filter(_stale_q(cutoff), pk__in=ids).select_related("owner")
        )
        for record in rows:
            audit(
                actor=POOL_RETURN,
                action=AuditVerb.RELEASE,
                record=record,
                changes={"owner": [str(record.owner), None]},
                summary=_("Returned to the pool: no follow-up for %(days)d days") % {"days": days},
            )
        Customer.objects.filter(pk__in=[r.pk for r in rows]).update(
            previous_owner=F("owner"), owner=None, owned_since=now, version=F("version") + 1, updated_at=now
        )
        reindex_records("customer", [r.pk for r in rows])
        if rows:
            emit(
                "customer.released",
                customer_ids=[r.pk for r in rows],
                previous_owner_ids=[r.owner_id for r in rows],
                actor_id=None,
                return_after_days=days,
            )
    return len(rows)


def pool_return_stale(*, now: datetime.datetime | None = None) -> int:
    """Daily: owned customers with no follow-up for ``return_after_days`` days (counted from the last
    follow-up, or from when they were taken) go back to the pool, in batches; their owners are told."""
    days = PoolSettings.current().return_after_days
    if not days:
        return 0
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=days)
    returned = 0
    last_pk = 0
    while True:
        ids = list(
            Customer.objects.filter(_stale_q(cutoff), pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", flat=True)[:RETURN_BATCH]
        )
        if not ids:
            return returned
        returned += _return_batch(ids, cutoff, now, days)
        last_pk = ids[-1]


def _clean_pool_settings(claim_limit: Any, return_after_days: Any) -> tuple[int, int | None]:
    errors: dict[str, list[str]] = {}
    try:
        limit = int(claim_limit)
    except (TypeError, ValueError):
        limit = 0
    if not 1 <= limit <= MAX_CLAIM_LIMIT:
        errors["claim_limit"] = [_("Enter a number from 1 to %(max)d.") % {"max": MAX_CLAIM_LIMIT}]
    days: int | None = None
    if return_after_days not in (None, ""):
        try:
            days = int(return_after_days)
        except (TypeError, ValueError):
            days = 0
        if not 1 <= days <= MAX_RETURN_DAYS:
            errors["return_after_days"] = [
                _("Enter a number from 1 to %(max)d, or leave it empty.") % {"max": MAX_RETURN_DAYS}
            ]
    if errors:
        raise ValidationFailed(errors)
    return limit, days


def pool_settings_update(
    *, actor: Any, claim_limit: Any, return_after_days: Any, version: Any
) -> PoolSettings:
    """Change the pool rules (customer settings edit right)."""
    require(actor, "customer_settings", "edit")
    limit, days = _clean_pool_settings(claim_limit, return_after_days)
    with transaction.atomic():
        PoolSettings.current()
        rules = PoolSettings.objects.select_for_update().get(pk=1)
        check_version(rules, version)
        before = snapshot(rules, ["claim_limit", "return_after_days"])
        rules.claim_limit, rules.return_after_days = limit, days
        rules.version += 1
        rules.save()
        audit(
            actor=actor,
            action="update",
            record=rules,
            kind="customer_settings",
            changes=changes_between(before, snapshot(rules, ["claim_limit", "return_after_days"])),
        )
    return rules
