"""Changing an alert rule (operation_alert edit right): on/off, threshold, after-hours times, who is told.
Audited with old and new values, versioned (a stale version is 409 and changes nothing)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from atrium.alerts.models import AlertRule
from atrium.alerts.selectors import KIND, alert_watchers, ensure_rules
from atrium.core.access import require
from atrium.core.audit import audit
from atrium.core.errors import NotFound, ValidationFailed
from atrium.core.writes import check_version

MAX_THRESHOLD = 1_000_000
LOG_KIND = "alert_rule"


def _threshold(value: Any, errors: dict[str, list[str]]) -> int | None:
    text = "" if value is None else str(value).strip()
    try:
        number = int(text)
    except ValueError:
        errors["threshold"] = [_("Enter a whole number of records, e.g. 500.")]
        return None
    if number <= 0:
        errors["threshold"] = [_("The threshold must be a positive number (1 or more).")]
        return None
    if number > MAX_THRESHOLD:
        errors["threshold"] = [_("At most %(max)d.") % {"max": MAX_THRESHOLD}]
        return None
    return number


def _time(value: Any, field: str, errors: dict[str, list[str]]) -> datetime.time | None:
    if isinstance(value, datetime.time):
        return value
    try:
        return datetime.time.fromisoformat(str(value or "").strip()[:5])
    except ValueError:
        errors[field] = [_("Enter a time such as 22:00.")]
        return None


def _recipients(ids: Iterable[Any], errors: dict[str, list[str]]) -> list[Any]:
    try:
        wanted = {int(value) for value in ids}
    except (TypeError, ValueError):
        errors["recipients"] = [_("Choose people from the list.")]
        return []
    people = list(alert_watchers().filter(pk__in=wanted))
    if len(people) != len(wanted):
        errors["recipients"] = [_("Only people who may see operation alerts can be told of them.")]
    return sorted(people, key=lambda person: person.username)


def _names(people: Iterable[Any]) -> list[str]:
    return [str(person) for person in people]


def alert_rule_update(
    *,
    actor: Any,
    rule: AlertRule | str,
    version: Any,
    is_enabled: bool,
    threshold: Any = None,
    after_hours_start: Any = None,
    after_hours_end: Any = None,
    recipient_ids: Iterable[Any] = (),
) -> AlertRule:
    """Save one rule; the threshold only for the rules that count, the times only for the after-hours one."""
    require(actor, KIND, "edit")
    ensure_rules()
    key = rule.key if isinstance(rule, AlertRule) else str(rule)
    errors: dict[str, list[str]] = {}
    with transaction.atomic():
        locked = AlertRule.objects.select_for_update().filter(key=key).first()
        if locked is None:
            raise NotFound()
        check_version(locked, version)
        new: dict[str, Any] = {"is_enabled": bool(is_enabled)}
        if locked.has_threshold:
            new["threshold"] = _threshold(threshold, errors)
        if locked.has_hours:
            new["after_hours_start"] = _time(after_hours_start, "after_hours_start", errors)
            new["after_hours_end"] = _time(after_hours_end, "after_hours_end", errors)
            if not errors and new["after_hours_start"] == new["after_hours_end"]:
                errors["after_hours_end"] = [
                    _("The end of the after-hours period must differ from its start.")
                ]
        people = _recipients(recipient_ids, errors)
        if errors:
            raise ValidationFailed(errors)
        changes = {
            name: [_plain(getattr(locked, name)), _plain(value)]
            for name, value in new.items()
            if getattr(locked, name) != value
        }
        before_people = sorted(locked.recipients.all(), key=lambda person: person.username)
        if [p.pk for p in before_people] != [p.pk for p in people]:
            changes["recipients"] = [_names(before_people), _names(people)]
        if not changes:
            return locked
        for name, value in new.items():
            setattr(locked, name, value)
        locked.version += 1
        locked.save()
        locked.recipients.set(people)
        audit(actor=actor, action="update", record=locked, kind=LOG_KIND, changes=changes)
    return locked


def _plain(value: Any) -> Any:
    return value.strftime("%H:%M") if isinstance(value, datetime.time) else value
