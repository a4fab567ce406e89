"""How a person's notification preferences read in the operation log (``atrium.core.log_fields``): a row
keeps ``{kind key: [[in app, e-mail] before, after]}``; it reads "跟进提醒：站内、邮件 → 站内", by the
notification kind's label from the registry, never ``followup.due``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from atrium.core.log_fields import LogField, register_log_fields
from atrium.notifications.registry import get_notification_kind


def channels_text(value: Any) -> str:
    """[in app, e-mail] as the channels that are on ("站内、邮件"), or "不接收" when neither is."""
    if not isinstance(value, list | tuple) or len(value) != 2:
        return str(value)
    names = [str(name) for name, on in zip((_("In the app"), _("By e-mail")), value, strict=True) if on]
    return "、".join(names) if names else _("Not received")


def _kind_field(key: str) -> LogField | None:
    try:
        kind = get_notification_kind(key)
    except LookupError:
        return None  # a kind no app registers any more reads by its key
    return LogField(label=kind.label, read=channels_text)


register_log_fields(
    "notification_preference",
    label=gettext_lazy("Notification preferences"),
    key_reader=_kind_field,
)


def _time_text(value: Any) -> str:
    return str(value) if value else "—"


# The company's settings: its fields by their model labels, times as typed (22:00), and each kind's default by
# the kind's label, in channels ("跟进提醒：站内 → 站内、邮件").
register_log_fields(
    "notification_settings",
    key_reader=_kind_field,
    quiet_start=LogField(read=_time_text),
    quiet_end=LogField(read=_time_text),
    followup_reminder_time=LogField(read=_time_text),
    kind_defaults=LogField(hidden=True),
)
