"""Notices of operation alerts, as the subscriber of ``alert.raised`` (the sweep emits; it never notifies):
the rule's chosen admins — everyone who may view alerts when it names nobody — in the app and by e-mail,
each in their own language, with a link to the matching operation-log rows."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy

from atrium.alerts import events  # noqa: F401  (declares the event subscribed to here)
from atrium.alerts.describe import alert_text, alert_title
from atrium.alerts.links import log_link
from atrium.alerts.models import Alert
from atrium.alerts.selectors import alert_watchers
from atrium.core.events import subscribe
from atrium.notifications.email_messages import recipient_language
from atrium.notifications.registry import register_notification_kind
from atrium.notifications.services import notify

OPERATION_ALERT = "alerts.operation_alert"

register_notification_kind(OPERATION_ALERT, gettext_lazy("Operation alerts"), default_email=True)


def recipients_of(alert: Alert) -> list[Any]:
    watchers = alert_watchers()
    chosen = list(watchers.filter(pk__in=alert.rule.recipients.values("pk")))
    return chosen or list(watchers)


def tell_of_alerts(*, alert_ids: list[int], **_delivery: Any) -> None:
    for alert in Alert.objects.select_related("rule").filter(pk__in=alert_ids).order_by("pk"):
        tell_of_alert(alert)


def tell_of_alert(alert: Alert) -> None:
    link = log_link(alert)
    for person in recipients_of(alert):
        with translation.override(recipient_language(person)):
            title, body = alert_title(alert), alert_text(alert)
        notify(recipients=[person], kind=OPERATION_ALERT, title=title, body=body, link=link, actor=None)


subscribe("alert.raised", tell_of_alerts)
