"""The alert sweep (a worker job every few minutes): counts the operation log of the last hours per person
and window, in a few GROUP BY queries, and raises each alert once — ``Alert.dedupe_key`` (rule, person,
window) is unique, so running it again raises nothing new. The new alerts are audited and announced in one
durable ``alert.raised`` (the admins' notices and e-mails follow from it)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, IntegerField, Max, Min, OuterRef, Sum
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from atrium.accounts.models import User
from atrium.alerts.models import Alert, AlertRule, RuleKey
from atrium.alerts.selectors import ensure_rules
from atrium.alerts.services.windows import after_hours_between, days_between, hours_between
from atrium.core.actors import SystemActor, register_system_actor
from atrium.core.audit import audit_records
from atrium.core.events import emit
from atrium.core.kinds import Scope
from atrium.core.models import OperationLog

register_system_actor("alerts_sweep", gettext_lazy("operation alert sweep"))

LOOKBACK = datetime.timedelta(hours=26)  # yesterday's day window is still counted after midnight
DELETE_OR_TRANSFER = ("delete", "transfer")


@dataclass
class Found:
    rule: AlertRule
    person_id: int
    start: datetime.datetime
    end: datetime.datetime
    count: int
    key: str
    detail: dict[str, Any] = field(default_factory=dict)


def _log(start: datetime.datetime, end: datetime.datetime, **filters: Any):
    return OperationLog.objects.filter(
        created_at__gte=start, created_at__lt=end, actor__isnull=False, **filters
    ).values("actor_id")


def _over(
    rule: AlertRule, windows: Iterable[tuple[datetime.datetime, datetime.datetime]], make
) -> Iterator[Found]:
    threshold = rule.threshold or 0
    for start, end in windows:
        for row in make(start, end).filter(total__gt=threshold):
            key = f"{rule.key}:{row['actor_id']}:{start:%Y%m%dT%H%M%SZ}"
            yield Found(rule, row["actor_id"], start, end, row["total"], key)


def _exports(rule: AlertRule, since, until) -> Iterator[Found]:
    rows = Cast(KeyTextTransform("count", "changes"), IntegerField())
    yield from _over(
        rule,
        days_between(since, until),
        lambda start, end: _log(start, end, action="export").annotate(total=Sum(rows)),
    )


def _deletes_or_transfers(rule: AlertRule, since, until) -> Iterator[Found]:
    yield from _over(
        rule,
        hours_between(since, until),
        lambda start, end: _log(start, end, action__in=DELETE_OR_TRANSFER).annotate(total=Count("id")),
    )


def _customer_edits(rule: AlertRule, since, until) -> Iterator[Found]:
    yield from _over(
        rule,
        hours_between(since, until),
        lambda start, end: _log(start, end, action="update", kind="customer").annotate(
            total=Count("object_id", distinct=True)
        ),
    )


def _new_addresses(rule: AlertRule, since, until) -> Iterator[Found]:
    """A sign-in from an address the person never signed in from before (their very first sign-in is not
    news: it has no earlier address to differ from)."""
    earlier = OperationLog.objects.filter(
        action="login", actor_id=OuterRef("actor_id"), id__lt=OuterRef("id")
    )
    rows = (
        OperationLog.objects.filter(
            action="login", created_at__gte=since, created_at__lt=until, actor__isnull=False, ip__isnull=False
        )
        .exclude(Exists(earlier.filter(ip=OuterRef("ip"))))
        .filter(Exists(earlier))
        .values("actor_id", "ip")
        .annotate(first=Min("created_at"), total=Count("id"))
    )
    for row in rows:
        key = f"{rule.key}:{row['actor_id']}:{row['ip']}"
        yield Found(rule, row["actor_id"], row["first"], row["first"], row["total"], key, {"ip": row["ip"]})


def _after_hours(rule: AlertRule, since, until) -> Iterator[Found]:
    if rule.after_hours_start is None or rule.after_hours_end is None:
        return
    for start, end in after_hours_between(since, until, rule.after_hours_start, rule.after_hours_end):
        rows = _log(start, end, action="login").annotate(
            first=Min("created_at"), total=Count("id"), ip=Max("ip")
        )
        for row in rows:
            key = f"{rule.key}:{row['actor_id']}:{start:%Y%m%dT%H%M%SZ}"
            detail = {"first": row["first"].isoformat(), "ip": row["ip"]}
            yield Found(rule, row["actor_id"], start, end, row["total"], key, detail)


def _grants_export_all(changes: dict[str, Any]) -> list[str]:
    """The kinds whose export a role's change opened to all records (a role created with such grants too)."""
    if isinstance(changes.get("grants"), list) and len(changes["grants"]) == 2:
        before, after = (value or {} for value in changes["grants"])
        pairs = {key: [before.get(key, 0), value] for key, value in after.items()}
    else:
        pairs = {key: value for key, value in changes.items() if isinstance(value, list) and len(value) == 2}
    return sorted(
        key.rsplit(".", 1)[0]
        for key, (old, new) in pairs.items()
        if key.endswith(".export") and new == Scope.ALL and (old or 0) < Scope.ALL
    )


def _export_all_grants(rule: AlertRule, since, until) -> Iterator[Found]:
    rows = OperationLog.objects.filter(
        action="permission", kind="role", created_at__gte=since, created_at__lt=until, actor__isnull=False
    ).values("id", "actor_id", "object_id", "object_repr", "changes", "created_at")
    for row in rows:
        kinds = _grants_export_all(row["changes"] or {})
        if kinds:
            detail = {
                "role": row["object_repr"],
                "role_id": row["object_id"],
                "kinds": kinds,
                "log_id": row["id"],
            }
            key = f"{rule.key}:{row['id']}"
            yield Found(rule, row["actor_id"], row["created_at"], row["created_at"], 1, key, detail)


FINDERS = {
    RuleKey.EXPORT_VOLUME: _exports,
    RuleKey.DELETE_TRANSFER_VOLUME: _deletes_or_transfers,
    RuleKey.CUSTOMER_EDIT_VOLUME: _customer_edits,
    RuleKey.SIGN_IN_NEW_IP: _new_addresses,
    RuleKey.SIGN_IN_AFTER_HOURS: _after_hours,
    RuleKey.EXPORT_ALL_GRANTED: _export_all_grants,
}


def alerts_found(since: datetime.datetime, until: datetime.datetime) -> list[Found]:
    """What the enabled rules find in the log between ``since`` and ``until`` (raised or not yet)."""
    found: list[Found] = []
    for rule in ensure_rules():
        if rule.is_enabled:
            found.extend(FINDERS[RuleKey(rule.key)](rule, since, until))
    return found


def _new_alert(item: Found, names: dict[int, str]) -> Alert:
    return Alert(
        rule=item.rule,
        person_id=item.person_id,
        person_name=names.get(item.person_id, ""),
        window_start=item.start,
        window_end=item.end,
        count=item.count,
        threshold=item.rule.threshold if item.rule.has_threshold else None,
        detail=item.detail,
        dedupe_key=item.key,
    )


def _raise(actor: SystemActor, found: list[Found]) -> list[Alert]:
    """Write the alerts not raised before, their log rows and one ``alert.raised``; concurrent sweeps take
    turns on the rules' rows, so the check of what exists and the insert see the same alerts."""
    with transaction.atomic():
        list(AlertRule.objects.select_for_update().order_by("pk").values_list("pk", flat=True))
        keys = [item.key for item in found]
        known = set(Alert.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True))
        new = [item for item in {item.key: item for item in found}.values() if item.key not in known]
        if not new:
            return []
        people = User.objects.filter(pk__in={item.person_id for item in new})
        names = {person.pk: str(person) for person in people}
        alerts = Alert.objects.bulk_create([_new_alert(item, names) for item in new])
        if any(alert.pk is None for alert in alerts):  # a database that does not return the new ids
            alerts = list(Alert.objects.filter(dedupe_key__in=[item.key for item in new]).order_by("pk"))
        audit_records(
            actor=actor,
            action="create",
            kind="operation_alert",
            records=(
                (
                    alert.pk,
                    f"{alert.rule} · {alert.person_name}",
                    {},
                    {"rule": alert.rule.key, "person": alert.person_id, "count": alert.count},
                )
                for alert in alerts
            ),
            summary=str(_("Operation alert raised")),
        )
        emit("alert.raised", alert_ids=[alert.pk for alert in alerts])
    return alerts


def alerts_sweep(*, now: datetime.datetime | None = None, since: datetime.datetime | None = None) -> int:
    """Raise the alerts the log shows between ``since`` (default: ``LOOKBACK`` ago) and ``now``; returns how
    many were new."""
    until = now or timezone.now()
    found = alerts_found(since or until - LOOKBACK, until)
    return len(_raise(SystemActor("alerts_sweep"), found)) if found else 0
