"""Event contract of operation alerts: the sweep emits ``alert.raised`` once per run with the new alerts'
ids (durable: an outbox row per subscriber), and nothing when it finds nothing new."""

from __future__ import annotations

import datetime

from django.utils import timezone

from atrium.alerts.models import Alert, AlertRule
from atrium.alerts.services import alerts_sweep
from atrium.alerts.tests.logrows import log_rows
from atrium.core.events import recorded_events
from atrium.core.models import OutboxMessage


def test_the_sweep_emits_alert_raised_with_the_new_ids(personas):
    AlertRule.objects.filter(key="delete_transfer_volume").update(is_enabled=True, threshold=1)
    log_rows(personas.sales1, "delete", timezone.now() - datetime.timedelta(minutes=1), 2)
    log_rows(personas.sales2, "delete", timezone.now() - datetime.timedelta(minutes=1), 2)
    with recorded_events() as events:
        alerts_sweep()
        alerts_sweep()
    ids = sorted(Alert.objects.values_list("pk", flat=True))
    assert events == [("alert.raised", {"alert_ids": ids})]
    assert OutboxMessage.objects.filter(event="alert.raised").count() == 1
