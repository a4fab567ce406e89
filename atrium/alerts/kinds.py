"""The kind of record of operation alerts: ``view`` sees the alerts and the rules, ``edit`` changes the rules
and acknowledges alerts (all-or-nothing: no owner)."""

from django.utils.translation import gettext_lazy as _

from atrium.core.kinds import RecordKind, register_kind

OPERATION_ALERT = register_kind(
    RecordKind(
        key="operation_alert",
        label=_("Operation alerts"),
        model="alerts.Alert",
        owner_field=None,
        scoped=False,
        actions=("view", "edit"),
    )
)
