"""The alerts pages: who may open them, the rules form (bad thresholds beside the field, a stale version
409), the alerts list and acknowledging one alert or several (audited)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from atrium.alerts.models import Alert, AlertRule
from atrium.alerts.services import alerts_sweep
from atrium.alerts.tests.logrows import log_rows
from atrium.core.models import OperationLog

pytestmark = pytest.mark.django_db

ALERTS, RULES = "/settings/alerts/", "/settings/alerts/rules/"


def _form(rule: AlertRule, **values) -> dict:
    data = {"rule": rule.key, f"{rule.key}-version": rule.version, f"{rule.key}-is_enabled": "on"}
    data.update({f"{rule.key}-{name}": value for name, value in values.items()})
    return data


@pytest.fixture
def alerts(personas):
    rule = AlertRule.objects.get(key="delete_transfer_volume")
    rule.is_enabled, rule.threshold = True, 2
    rule.save()
    when = timezone.now() - datetime.timedelta(minutes=1)
    log_rows(personas.sales1, "delete", when, 3)
    log_rows(personas.sales2, "transfer", when, 3)
    alerts_sweep()
    return list(Alert.objects.order_by("pk"))


def test_the_admin_sees_the_alerts_and_the_rules(client_as, alerts):
    page = client_as("admin").get(ALERTS)
    html = page.content.decode()
    assert page.status_code == 200
    assert "操作告警" in html and "大量删除或转移" in html and "李明 在" in html
    assert html.count("/settings/operation-log/?person=") == 2
    rules = client_as("admin").get(RULES).content.decode()
    assert "大量导出" in rules and "非工作时间登录" in rules and "角色获得导出全部记录的权限" in rules


@pytest.mark.parametrize("who", ["sales1", "manager", "outsider", "client", "pm"])
def test_people_without_the_right_are_refused(client_as, alerts, who):
    for url in (ALERTS, RULES):
        response = client_as(who).get(url)
        assert response.status_code in (403, 404)
        assert "李明 在" not in response.content.decode()
    rule = AlertRule.objects.get(key="export_volume")
    assert client_as(who).post(RULES, _form(rule, threshold="5")).status_code in (403, 404)
    assert AlertRule.objects.get(key="export_volume").is_enabled is False


def test_the_signed_out_visitor_is_sent_to_sign_in(client):
    assert client.get(ALERTS).status_code == 302 and client.get(RULES).status_code == 302


def test_a_zero_threshold_is_refused_beside_the_field_and_nothing_is_saved(client_as, personas):
    rule = AlertRule.objects.get(key="export_volume")
    response = client_as("admin").post(RULES, _form(rule, threshold="0"))
    assert response.status_code == 400
    assert "阈值必须是正整数" in response.content.decode()
    assert AlertRule.objects.get(key="export_volume").is_enabled is False


def test_a_rule_is_saved_and_then_a_stale_form_is_409(client_as, personas):
    rule = AlertRule.objects.get(key="export_volume")
    data = _form(rule, threshold="300", recipients=[str(personas.admin.pk)])
    response = client_as("admin").post(RULES, data)
    assert response.status_code == 302
    saved = AlertRule.objects.get(key="export_volume")
    assert (saved.is_enabled, saved.threshold, list(saved.recipients.all())) == (True, 300, [personas.admin])
    stale = client_as("admin").post(RULES, _form(rule, threshold="400"))
    assert stale.status_code == 409 and "在此期间有人修改了这条规则" in stale.content.decode()
    assert AlertRule.objects.get(key="export_volume").threshold == 300


def test_an_unknown_rule_is_404(client_as):
    assert client_as("admin").post(RULES, {"rule": "nonsense"}).status_code == 404


def test_acknowledging_one_alert_and_then_the_rest(client_as, personas, alerts):
    client = client_as("admin")
    bulk = reverse("lists:bulk")
    response = client.post(
        bulk, {"list_key": "operation_alerts", "row_action": f"acknowledge:{alerts[0].pk}"}
    )
    assert response.status_code == 302
    first = Alert.objects.get(pk=alerts[0].pk)
    assert (first.status, first.acknowledged_by) == ("acknowledged", personas.admin)
    assert Alert.objects.get(pk=alerts[1].pk).status == "open"
    ids = [str(a.pk) for a in alerts]
    client.post(bulk, {"list_key": "operation_alerts", "action": "acknowledge", "ids": ids})
    assert set(Alert.objects.values_list("status", flat=True)) == {"acknowledged"}
    rows = OperationLog.objects.filter(kind="operation_alert", action="update", actor=personas.admin)
    assert rows.count() == 2  # the already acknowledged one is not acknowledged twice
    html = client.get(ALERTS, {"status": "open"}).content.decode()
    assert "没有符合筛选条件的告警" in html


def test_others_cannot_acknowledge(client_as, alerts):
    bulk = reverse("lists:bulk")
    for who in ("sales1", "outsider", "client"):
        response = client_as(who).post(
            bulk, {"list_key": "operation_alerts", "row_action": f"acknowledge:{alerts[0].pk}"}
        )
        assert response.status_code in (403, 404)
    assert Alert.objects.get(pk=alerts[0].pk).status == "open"


def test_the_alerts_list_reads_in_a_bounded_number_of_queries(
    client_as, personas, alerts, django_assert_max_num_queries
):
    client = client_as("admin")
    client.get(ALERTS)
    with django_assert_max_num_queries(25):
        client.get(ALERTS)
