"""How alert rules and alerts read in the operation log (``atrium.core.log_fields``)."""

from django.utils.translation import gettext_lazy as _

from atrium.alerts.models import RuleKey
from atrium.core.log_fields import PERSON, LogField, register_log_fields


def _rule_name(value: object) -> str:
    try:
        return str(RuleKey(str(value)).label)
    except ValueError:
        return str(value)


register_log_fields(
    "alert_rule",
    model="alerts.AlertRule",
    label=_("Alert rule"),
    recipients=LogField(label=_("notified people")),
)
register_log_fields(
    "operation_alert",
    rule=LogField(label=_("rule"), read=_rule_name),
    person=LogField(label=_("person"), refers_to=PERSON),
    count=LogField(label=_("count")),
)
