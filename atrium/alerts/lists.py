"""The alerts list (操作告警), declared for the list engine: newest first, filtered by rule, status and
period; each row links to the matching operation-log rows; acknowledge on the ticked rows or one row."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from atrium.alerts.describe import alert_text
from atrium.alerts.links import log_link
from atrium.alerts.models import Alert, RuleKey
from atrium.alerts.selectors import KIND, alerts_listed
from atrium.alerts.services import alerts_acknowledge
from atrium.core.access import can
from atrium.lists.cells import Cell, choice_cell, person_cell, when_text
from atrium.lists.filters import ChoiceFilter, DateRangeFilter
from atrium.lists.specs import BulkAction, Column, register_list


def _rule(alert: Alert) -> Cell:
    return Cell(text=str(alert.rule.get_key_display()))


def _what(alert: Alert) -> Cell:
    return Cell(text=alert_text(alert), link=log_link(alert))


def _raised(alert: Alert) -> Cell:
    return Cell(text=when_text(alert.raised_at))


def _acknowledged(alert: Alert) -> Cell:
    if alert.acknowledged_at is None:
        return Cell(text="—", muted=True)
    who = alert.acknowledged_by.name if alert.acknowledged_by else ""
    return Cell(text=f"{who} · {when_text(alert.acknowledged_at)}".strip(" ·"))


def _acknowledge(actor: Any, ids: list[int], data: QueryDict) -> str:
    count = alerts_acknowledge(actor=actor, ids=ids)
    return ngettext("%(count)d alert was acknowledged.", "%(count)d alerts were acknowledged.", count) % {
        "count": count
    }


ALERTS = register_list(
    key="operation_alerts",
    kind=KIND,
    title=gettext_lazy("Operation alerts"),
    queryset=alerts_listed,
    columns=[
        Column(
            "raised",
            gettext_lazy("Raised"),
            cell=_raised,
            export=lambda: lambda a: a.raised_at,
            sort="id",
            index="pk",
        ),
        Column(
            "rule", gettext_lazy("Rule"), cell=_rule, export=lambda: lambda a: str(a.rule.get_key_display())
        ),
        Column(
            "person",
            pgettext_lazy("operation log", "Person"),
            cell=person_cell("person", gettext_lazy("Someone")),
            export=lambda: lambda a: a.person_name,
        ),
        Column("what", gettext_lazy("What happened"), cell=_what, export=lambda: alert_text),
        Column(
            "status",
            gettext_lazy("Status"),
            cell=choice_cell("status"),
            export=lambda: lambda a: str(a.get_status_display()),
        ),
        Column(
            "acknowledged",
            gettext_lazy("Acknowledged"),
            cell=_acknowledged,
            export=lambda: lambda a: a.acknowledged_at,
        ),
    ],
    filters=[
        ChoiceFilter(
            name="rule",
            label=gettext_lazy("Rule"),
            field="rule__key",
            options=lambda user: RuleKey.choices,
            empty_label=gettext_lazy("All rules"),
            invalid_message=gettext_lazy("Choose a rule from the list."),
        ),
        ChoiceFilter(
            name="status",
            label=gettext_lazy("Status"),
            field="status",
            options=lambda user: Alert.Status.choices,
            empty_label=gettext_lazy("Any status"),
            invalid_message=gettext_lazy("Choose a status from the list."),
        ),
        DateRangeFilter(name="date", label=gettext_lazy("Raised"), field="raised_at"),
    ],
    default_sort="-raised",
    default_columns=["raised", "rule", "person", "what", "status", "acknowledged"],
    url_name="alerts:alerts",
    name_column="raised",
    counted=False,
    bulk_actions=[
        BulkAction(
            key="acknowledge",
            label=gettext_lazy("Acknowledge"),
            run=_acknowledge,
            allowed=lambda user: can(user, KIND, "edit"),
            style="primary",
            per_row=True,
        )
    ],
    empty_text=gettext_lazy("No alerts yet. Turn rules on to be told of unusual operations."),
    filtered_empty_text=gettext_lazy("No alerts match these filters."),
)
