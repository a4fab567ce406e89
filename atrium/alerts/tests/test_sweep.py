"""The sweep raises each alert once per person, rule and window; not at or below the threshold; running it
again raises nothing new; each alert is audited and tells the chosen admins (in the app)."""

from __future__ import annotations

import datetime
import re
import zoneinfo

import pytest
from django.utils import timezone

from atrium.alerts.links import log_link
from atrium.alerts.models import Alert, AlertRule
from atrium.alerts.services import alerts_sweep
from atrium.alerts.tests.logrows import log_rows
from atrium.core.models import OperationLog
from atrium.notifications.models import Notification

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# 2026-12-02 10:00 in Beijing: the middle of a working day and of a clock hour.
TEN = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=SHANGHAI)
NOW = TEN + datetime.timedelta(minutes=90)  # the worker counts the last two hours


def turn_on(key: str, threshold: int | None = None, **fields) -> AlertRule:
    rule = AlertRule.objects.get(key=key)
    rule.is_enabled = True
    if threshold is not None:
        rule.threshold = threshold
    for name, value in fields.items():
        setattr(rule, name, value)
    rule.save()
    return rule


def sweep(now=NOW, capture=None) -> int:
    if capture is None:
        return alerts_sweep(now=now)
    with capture(execute=True):
        return alerts_sweep(now=now)


def test_exports_over_the_daily_threshold_raise_one_alert(personas, django_capture_on_commit_callbacks):
    turn_on("export_volume", threshold=1000)
    log_rows(personas.sales1, "export", TEN, 2, changes={"format": "csv", "count": 500})
    assert sweep() == 0  # 1,000 is not more than 1,000
    log_rows(personas.sales1, "export", TEN + datetime.timedelta(hours=1), changes={"count": 1})
    assert sweep(capture=django_capture_on_commit_callbacks) == 1
    alert = Alert.objects.get()
    assert (alert.person, alert.count, alert.threshold) == (personas.sales1, 1001, 1000)
    assert sweep() == 0 and Alert.objects.count() == 1  # idempotent
    log_rows(personas.sales1, "export", TEN + datetime.timedelta(hours=2), changes={"count": 5000})
    assert sweep() == 0  # still the same day: once per window
    assert OperationLog.objects.filter(kind="operation_alert", action="create").count() == 1
    notice = Notification.objects.get(recipient=personas.admin, kind="alerts.operation_alert")
    assert "sales1" in notice.link or str(personas.sales1.pk) in notice.link


def test_the_next_day_is_a_new_window(personas):
    turn_on("export_volume", threshold=10)
    log_rows(personas.sales1, "export", TEN, changes={"count": 11})
    log_rows(personas.sales1, "export", TEN + datetime.timedelta(days=1), changes={"count": 11})
    assert sweep(now=NOW + datetime.timedelta(days=1)) == 2


def test_a_rule_that_is_off_raises_nothing(personas):
    log_rows(personas.sales1, "export", TEN, changes={"count": 100000})
    assert sweep() == 0


def test_deletes_and_transfers_count_together_per_clock_hour(personas):
    turn_on("delete_transfer_volume", threshold=5)
    log_rows(personas.sales1, "delete", TEN + datetime.timedelta(minutes=5), 3)
    log_rows(personas.sales1, "transfer", TEN + datetime.timedelta(minutes=10), 2)
    log_rows(personas.sales2, "delete", TEN + datetime.timedelta(minutes=50), 3)
    log_rows(personas.sales2, "delete", TEN + datetime.timedelta(minutes=70), 3)  # the next hour
    assert sweep() == 0  # 5 is not more than 5; sales2's 6 are in two hours
    log_rows(personas.sales1, "transfer", TEN + datetime.timedelta(minutes=20))
    assert sweep() == 1
    alert = Alert.objects.get()
    assert (alert.person, alert.count) == (personas.sales1, 6)
    assert timezone.localtime(alert.window_start, SHANGHAI).hour == 10
    assert sweep() == 0


def test_customer_edits_count_distinct_customers(personas):
    turn_on("customer_edit_volume", threshold=3)
    log_rows(personas.sales1, "update", TEN, 1, first_id=7)
    log_rows(personas.sales1, "update", TEN + datetime.timedelta(minutes=1), 1, first_id=7)  # the same one
    log_rows(personas.sales1, "update", TEN + datetime.timedelta(minutes=2), 2, first_id=8)
    log_rows(personas.sales1, "update", TEN + datetime.timedelta(minutes=3), 5, kind="contact")
    assert sweep() == 0  # 3 customers
    log_rows(personas.sales1, "update", TEN + datetime.timedelta(minutes=4), 1, first_id=20)
    assert sweep() == 1
    assert Alert.objects.get().count == 4


def test_a_sign_in_from_a_new_address_raises_once_per_address(personas):
    turn_on("sign_in_new_ip")
    before = TEN - datetime.timedelta(days=3)
    log_rows(personas.sales1, "login", before, kind="user", ip="10.0.0.1")  # the first sign-in ever: no alert
    log_rows(personas.sales1, "login", TEN, kind="user", ip="10.0.0.1")
    log_rows(personas.pm, "login", TEN, kind="user", ip="10.9.9.9")  # pm's first sign-in: no alert
    assert sweep() == 0
    log_rows(personas.sales1, "login", TEN + datetime.timedelta(minutes=5), kind="user", ip="203.0.113.7")
    log_rows(personas.sales1, "login", TEN + datetime.timedelta(minutes=9), kind="user", ip="203.0.113.7")
    assert sweep() == 1
    alert = Alert.objects.get()
    assert alert.detail["ip"] == "203.0.113.7"
    assert sweep(now=NOW + datetime.timedelta(hours=5)) == 0


def test_a_sign_in_after_hours_raises_once_per_night(personas):
    turn_on("sign_in_after_hours", after_hours_start=datetime.time(22), after_hours_end=datetime.time(6))
    log_rows(personas.sales1, "login", TEN, kind="user", ip="10.0.0.1")  # working hours
    late = datetime.datetime(2026, 12, 2, 23, 30, tzinfo=SHANGHAI)
    log_rows(personas.sales1, "login", late, kind="user", ip="10.0.0.1")
    log_rows(
        personas.sales1, "login", late + datetime.timedelta(hours=5), kind="user", ip="10.0.0.2"
    )  # 04:30
    at = late + datetime.timedelta(hours=7)
    assert sweep(now=at) == 1
    alert = Alert.objects.get()
    assert alert.count == 2
    assert timezone.localtime(alert.window_start, SHANGHAI).strftime("%m-%d %H:%M") == "12-02 22:00"
    assert sweep(now=at) == 0


def test_weekends_and_public_holidays_are_after_hours_whole(personas):
    """A sign-in on Saturday afternoon or on National Day is after hours; on a make-up working Saturday
    (2026-10-10) it is not. Friday night to Monday morning is one period: one alert however often one signs in."""
    turn_on("sign_in_after_hours", after_hours_start=datetime.time(22), after_hours_end=datetime.time(6))
    saturday = datetime.datetime(2026, 12, 5, 14, 0, tzinfo=SHANGHAI)
    log_rows(personas.sales1, "login", saturday, kind="user", ip="10.0.0.1")
    assert sweep(now=saturday + datetime.timedelta(minutes=30)) == 1
    sunday = saturday + datetime.timedelta(days=1)
    log_rows(personas.sales1, "login", sunday, kind="user", ip="10.0.0.1")
    assert sweep(now=sunday + datetime.timedelta(minutes=30)) == 0
    alert = Alert.objects.get()
    window = [
        timezone.localtime(t, SHANGHAI).strftime("%m-%d %H:%M")
        for t in (alert.window_start, alert.window_end)
    ]
    assert window == ["12-04 22:00", "12-07 06:00"]
    from atrium.alerts.describe import alert_text

    assert "（2026-12-04 22:00 – 2026-12-07 06:00）" in alert_text(alert)
    national_day = datetime.datetime(2026, 10, 3, 10, 0, tzinfo=SHANGHAI)
    log_rows(personas.sales2, "login", national_day, kind="user", ip="10.0.0.2")
    assert sweep(now=national_day + datetime.timedelta(minutes=30)) == 1
    assert Alert.objects.get(person=personas.sales2).window_start == datetime.datetime(
        2026, 9, 30, 22, 0, tzinfo=SHANGHAI
    )
    make_up_saturday = datetime.datetime(2026, 10, 10, 10, 0, tzinfo=SHANGHAI)
    log_rows(personas.manager, "login", make_up_saturday, kind="user", ip="10.0.0.3")
    assert sweep(now=make_up_saturday + datetime.timedelta(minutes=30)) == 0


def test_after_hours_periods_join_nights_and_days_off():
    from atrium.alerts.services.windows import after_hours_between, is_working_day

    since = datetime.datetime(2026, 12, 3, 12, 0, tzinfo=SHANGHAI)  # Thursday noon
    until = since + datetime.timedelta(days=5)  # Tuesday noon
    periods = [
        (
            timezone.localtime(a, SHANGHAI).strftime("%a %H:%M"),
            timezone.localtime(b, SHANGHAI).strftime("%a %H:%M"),
        )
        for a, b in after_hours_between(since, until, datetime.time(22), datetime.time(6))
    ]
    assert periods == [("Thu 22:00", "Fri 06:00"), ("Fri 22:00", "Mon 06:00"), ("Mon 22:00", "Tue 06:00")]
    assert is_working_day(datetime.date(2027, 3, 1)) and not is_working_day(datetime.date(2027, 3, 6))


def test_a_role_change_that_grants_export_of_all_records_raises(personas):
    from atrium.accounts.models import Role
    from atrium.accounts.services import role_set_grants

    turn_on("export_all_granted")
    role = Role.objects.get(code="sales_rep")
    grants = [(g.kind, g.action, g.scope) for g in role.grants.all()]
    raised = [(k, a, s) for (k, a, s) in grants if a != "export"] + [("customer", "export", 3)]
    role_set_grants(actor=personas.admin, role_id=role.pk, version=role.version, grants=raised)
    assert alerts_sweep() == 1
    alert = Alert.objects.get()
    assert alert.person == personas.admin and alert.detail["kinds"] == ["customer"]
    assert f"record={role.pk}" in log_link(alert)
    assert alerts_sweep() == 0


def test_the_link_filters_the_operation_log_to_the_rows(personas, client_as):
    turn_on("delete_transfer_volume", threshold=1)
    log_rows(personas.sales1, "delete", timezone.now() - datetime.timedelta(minutes=1), 2)
    log_rows(personas.sales2, "delete", timezone.now() - datetime.timedelta(minutes=1), 1)
    alerts_sweep()
    alert = Alert.objects.get()
    page = client_as("admin").get(log_link(alert))
    assert page.status_code == 200
    shown = set(re.findall(r'<tr data-record="(\d+)"', page.content.decode()))
    expected = OperationLog.objects.filter(actor=personas.sales1, action="delete").values_list(
        "pk", flat=True
    )
    assert shown == {str(pk) for pk in expected}


def test_the_worker_counts_hours_over_the_last_two_and_days_over_the_last_one(personas):
    turn_on("delete_transfer_volume", threshold=1)
    turn_on("export_volume", threshold=1)
    log_rows(personas.sales1, "delete", TEN, 2)
    log_rows(personas.sales1, "export", TEN, changes={"count": 2})
    later = TEN + datetime.timedelta(hours=4)
    assert sweep(now=later) == 1  # the export's day is still counted; the hour of the deletes has passed
    assert Alert.objects.get().rule.key == "export_volume"
    assert alerts_sweep(now=later, since=TEN - datetime.timedelta(hours=1)) == 1  # a sweep over a chosen span
