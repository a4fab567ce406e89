"""The form of one alert rule: on/off, threshold (counting rules), after-hours times (the after-hours rule),
who is told. The numbers are checked by the service, so the messages are the same for every caller."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from atrium.alerts.models import AlertRule


class AlertRuleForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    is_enabled = forms.BooleanField(label=_("On"), required=False)
    threshold = forms.CharField(label=_("Threshold"), required=False, max_length=12)
    after_hours_start = forms.CharField(
        label=_("After hours from"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    after_hours_end = forms.CharField(
        label=_("After hours until"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    recipients = forms.MultipleChoiceField(
        label=_("Tell"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Nobody ticked: everyone who may see operation alerts is told."),
    )

    def __init__(self, data: Any = None, *, rule: AlertRule, people: list[Any], initial: Any = None) -> None:
        super().__init__(data, prefix=rule.key, initial=initial)
        self.rule_record = rule
        recipients = self.fields["recipients"]
        assert isinstance(recipients, forms.MultipleChoiceField)
        recipients.choices = [(str(p.pk), f"{p.name}（{p.username}）") for p in people]
        if not rule.has_threshold:
            del self.fields["threshold"]
        else:
            self.fields["threshold"].help_text = THRESHOLD_HELP[rule.key]
            self.fields["threshold"].widget.attrs.update({"inputmode": "numeric", "class": "narrow-input"})
        if not rule.has_hours:
            del self.fields["after_hours_start"]
            del self.fields["after_hours_end"]


THRESHOLD_HELP = {
    "export_volume": _("Alert when one person exports more records than this in a day."),
    "delete_transfer_volume": _(
        "Alert when one person deletes or transfers more records than this in a clock hour."
    ),
    "customer_edit_volume": _("Alert when one person edits more customers than this in a clock hour."),
}


def initial_of(rule: AlertRule) -> dict[str, Any]:
    return {
        "version": rule.version,
        "is_enabled": rule.is_enabled,
        "threshold": rule.threshold,
        "after_hours_start": rule.after_hours_start.strftime("%H:%M") if rule.after_hours_start else "",
        "after_hours_end": rule.after_hours_end.strftime("%H:%M") if rule.after_hours_end else "",
        "recipients": [str(p.pk) for p in getattr(rule, "chosen", [])],
    }
