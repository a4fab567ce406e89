"""Changing alert rules: thresholds must be positive whole numbers, times valid, people allowed; audited
(reading in Chinese), versioned; only who may edit alerts changes them."""

from __future__ import annotations

import pytest
from django.utils import translation

from atrium.alerts.models import AlertRule
from atrium.alerts.services import alert_rule_update
from atrium.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from atrium.core.log_reading import change_lines_of
from atrium.core.models import OperationLog

pytestmark = pytest.mark.django_db


def _rule(key: str) -> AlertRule:
    return AlertRule.objects.get(key=key)


@pytest.mark.parametrize(
    "threshold, message",
    [
        ("0", "The threshold must be a positive number"),
        ("-5", "The threshold must be a positive number"),
        ("abc", "Enter a whole number"),
        ("", "Enter a whole number"),
        ("2.5", "Enter a whole number"),
    ],
)
def test_a_threshold_that_is_not_a_positive_whole_number_is_refused(personas, threshold, message):
    rule = _rule("export_volume")
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        alert_rule_update(
            actor=personas.admin, rule=rule, version=rule.version, is_enabled=True, threshold=threshold
        )
    assert message in refused.value.fields["threshold"][0]
    assert _rule("export_volume").is_enabled is False  # nothing half-saved
    assert not OperationLog.objects.filter(kind="alert_rule").exists()


def test_the_refusal_is_in_chinese_for_a_chinese_reader(personas):
    rule = _rule("export_volume")
    with translation.override("zh-hans"), pytest.raises(ValidationFailed) as refused:
        alert_rule_update(
            actor=personas.admin, rule=rule, version=rule.version, is_enabled=True, threshold="0"
        )
    assert "正整数" in refused.value.fields["threshold"][0]


def test_saving_a_rule_is_audited_and_bumps_the_version(personas):
    rule = _rule("delete_transfer_volume")
    saved = alert_rule_update(
        actor=personas.admin,
        rule=rule,
        version=rule.version,
        is_enabled=True,
        threshold="20",
        recipient_ids=[personas.admin.pk],
    )
    assert (saved.is_enabled, saved.threshold, saved.version) == (True, 20, rule.version + 1)
    assert list(saved.recipients.all()) == [personas.admin]
    row = OperationLog.objects.get(kind="alert_rule")
    assert row.changes["threshold"] == [50, 20]
    with translation.override("zh-hans"):
        text = " ".join(str(line) for line in change_lines_of([row], personas.admin)[row.pk])
    assert "阈值" in text and "告警通知人" in text


def test_a_stale_version_is_a_conflict_and_changes_nothing(personas):
    rule = _rule("export_volume")
    alert_rule_update(actor=personas.admin, rule=rule, version=rule.version, is_enabled=True, threshold="10")
    with pytest.raises(Conflict):
        alert_rule_update(
            actor=personas.admin, rule=rule, version=rule.version, is_enabled=False, threshold="99"
        )
    assert _rule("export_volume").threshold == 10


def test_after_hours_times_are_checked(personas):
    rule = _rule("sign_in_after_hours")
    with pytest.raises(ValidationFailed) as refused:
        alert_rule_update(
            actor=personas.admin,
            rule=rule,
            version=rule.version,
            is_enabled=True,
            after_hours_start="25:00",
            after_hours_end="06:00",
        )
    assert "after_hours_start" in refused.value.fields
    with pytest.raises(ValidationFailed) as refused:
        alert_rule_update(
            actor=personas.admin,
            rule=rule,
            version=rule.version,
            is_enabled=True,
            after_hours_start="06:00",
            after_hours_end="06:00",
        )
    assert "after_hours_end" in refused.value.fields
    saved = alert_rule_update(
        actor=personas.admin,
        rule=rule,
        version=rule.version,
        is_enabled=True,
        after_hours_start="21:30",
        after_hours_end="07:00",
    )
    assert saved.after_hours_start.strftime("%H:%M") == "21:30"


def test_only_people_who_may_see_alerts_can_be_told(personas):
    rule = _rule("export_volume")
    with pytest.raises(ValidationFailed) as refused:
        alert_rule_update(
            actor=personas.admin,
            rule=rule,
            version=rule.version,
            is_enabled=True,
            threshold="5",
            recipient_ids=[personas.sales1.pk],
        )
    assert "recipients" in refused.value.fields


def test_people_without_the_right_are_refused(personas):
    rule = _rule("export_volume")
    for name in ("sales1", "manager", "outsider", "client"):
        with pytest.raises((Forbidden, NotFound)):
            alert_rule_update(
                actor=personas[name], rule=rule, version=rule.version, is_enabled=True, threshold="5"
            )
    assert _rule("export_volume").is_enabled is False
