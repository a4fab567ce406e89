"""Where an alert points: the operation log filtered to the person, the action and the days of its window
(the log's filters ``person``, ``action``, ``kind``, ``record``, ``date_from`` and ``date_to``)."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from atrium.alerts.models import Alert, RuleKey

LOG_FILTERS: dict[str, dict[str, str]] = {
    RuleKey.EXPORT_VOLUME: {"action": "export"},
    RuleKey.DELETE_TRANSFER_VOLUME: {},  # two actions: the person's rows of the window
    RuleKey.CUSTOMER_EDIT_VOLUME: {"action": "update", "kind": "customer"},
    RuleKey.SIGN_IN_NEW_IP: {"action": "login"},
    RuleKey.SIGN_IN_AFTER_HOURS: {"action": "login"},
    RuleKey.EXPORT_ALL_GRANTED: {"action": "permission", "kind": "role"},
}


def log_link(alert: Alert) -> str:
    params: dict[str, str] = {}
    if alert.person_id:
        params["person"] = str(alert.person_id)
    params.update(LOG_FILTERS.get(alert.rule.key, {}))
    if alert.rule.key == RuleKey.EXPORT_ALL_GRANTED and alert.detail.get("role_id"):
        params["record"] = str(alert.detail["role_id"])
    last = alert.window_end - datetime.timedelta(microseconds=1)
    params["date_from"] = timezone.localtime(alert.window_start).date().isoformat()
    params["date_to"] = timezone.localtime(max(last, alert.window_start)).date().isoformat()
    return f"{reverse('accounts:operation_log')}?{urlencode(params)}"
