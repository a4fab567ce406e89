"""The form of the company's notification settings: what it parses (times as text, so that the service words
a malformed one); one pair of check boxes (in the app, by e-mail) per registered kind of notification."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from atrium.notifications.registry import all_notification_kinds


def _time_field(label: Any, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=20,
        help_text=help_text,
        widget=forms.TimeInput(attrs={"type": "time", "placeholder": "22:00"}, format="%H:%M"),
    )


class NotificationSettingsForm(forms.Form):
    quiet_hours_enabled = forms.BooleanField(
        label=_("Quiet hours for e-mail"),
        required=False,
        help_text=_(
            "E-mails that would be sent during them wait until they end; in-app notices still arrive."
        ),
    )
    quiet_start = _time_field(_("Quiet hours start"))
    quiet_end = _time_field(_("Quiet hours end"), _("May be the next morning, e.g. 22:00 to 08:00."))
    followup_reminder_time = _time_field(
        _("Daily follow-up reminder time"),
        _("Each person is told at this time how many of their customers and leads are due today."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind_rows: list[dict[str, Any]] = []
        for kind in all_notification_kinds():
            in_app, email = f"in_app:{kind.key}", f"email:{kind.key}"
            self.fields[in_app] = forms.BooleanField(required=False, label=_("In the app"))
            self.fields[email] = forms.BooleanField(required=False, label=_("By e-mail"))
            self.kind_rows.append({"key": kind.key, "label": kind.label, "in_app": in_app, "email": email})

    def kind_fields(self) -> list[dict[str, Any]]:
        return [
            {
                "key": row["key"],
                "label": row["label"],
                "in_app": self[row["in_app"]],
                "email": self[row["email"]],
            }
            for row in self.kind_rows
        ]

    def main_fields(self) -> list[Any]:
        return [
            self[name]
            for name in ("quiet_hours_enabled", "quiet_start", "quiet_end", "followup_reminder_time")
        ]

    def defaults(self, data: dict[str, Any]) -> dict[str, dict[str, bool]]:
        return {
            row["key"]: {"in_app": bool(data.get(row["in_app"])), "email": bool(data.get(row["email"]))}
            for row in self.kind_rows
        }
