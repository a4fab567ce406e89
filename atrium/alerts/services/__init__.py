"""Every write of operation alerts: the rules, the sweep that raises alerts, acknowledging them."""

from atrium.alerts.services.acknowledge import alerts_acknowledge
from atrium.alerts.services.rules import alert_rule_update
from atrium.alerts.services.sweep import alerts_sweep

__all__ = ["alert_rule_update", "alerts_acknowledge", "alerts_sweep"]
