"""Reads of operation alerts, through the access layer: the rules (one per kind of rule, made on first read),
the people who may be told (those who may view alerts), and the alerts list's rows."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from atrium.accounts.models import User
from atrium.alerts.models import DEFAULT_AFTER_HOURS, DEFAULT_THRESHOLDS, Alert, AlertRule, RuleKey
from atrium.core.access import require, visible
from atrium.core.errors import NotFound

KIND = "operation_alert"


def ensure_rules() -> list[AlertRule]:
    """Every kind of rule has its row (off, with the default threshold); returns them in order."""
    existing = {rule.key: rule for rule in AlertRule.objects.all()}
    for key in RuleKey.values:
        if key not in existing:
            after_hours = DEFAULT_AFTER_HOURS if key == RuleKey.SIGN_IN_AFTER_HOURS else (None, None)
            existing[key], _created = AlertRule.objects.get_or_create(
                key=key,
                defaults={
                    "threshold": DEFAULT_THRESHOLDS.get(RuleKey(key)),
                    "after_hours_start": after_hours[0],
                    "after_hours_end": after_hours[1],
                },
            )
    order = {key: position for position, key in enumerate(RuleKey.values)}
    return sorted(existing.values(), key=lambda rule: order.get(rule.key, len(order)))


def rules_for(user: Any) -> list[AlertRule]:
    require(user, KIND, "view")
    rules = ensure_rules()
    recipients = AlertRule.recipients.through.objects.filter(alertrule__in=rules).select_related("user")
    by_rule: dict[int, list[Any]] = {}
    for row in recipients:
        by_rule.setdefault(row.alertrule_id, []).append(row.user)
    for rule in rules:
        rule.chosen = sorted(by_rule.get(rule.pk, []), key=lambda person: person.username)  # type: ignore[attr-defined]
    return rules


def rule_get(user: Any, key: str) -> AlertRule:
    """One rule by its key (NotFound for a key that is no rule)."""
    require(user, KIND, "view")
    ensure_rules()
    rule = AlertRule.objects.filter(key=key).first()
    if rule is None:
        raise NotFound()
    return rule


def alert_watchers() -> QuerySet:
    """Active staff who may view operation alerts (the people a rule may tell; all of them when it names
    nobody)."""
    granted = Q(
        roles__is_active=True,
        roles__grants__kind=KIND,
        roles__grants__action="view",
        roles__grants__scope__gt=0,
    )
    return (
        User.objects.filter(is_active=True, is_external=False)
        .filter(granted | Q(is_superuser=True))
        .distinct()
        .order_by("username")
    )


def alerts_listed(user: Any, action: str) -> QuerySet:
    require(user, KIND, action)
    base = Alert.objects.select_related("rule", "person", "acknowledged_by")
    return visible(user, KIND, base, action)
