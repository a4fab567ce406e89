"""What an alert says, in the reader's language: one sentence per kind of rule, with the person's name,
the count, the threshold and local times."""

from __future__ import annotations

import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from atrium.alerts.models import Alert, RuleKey


def _when(value) -> str:
    return formats.date_format(timezone.localtime(value), "Y-m-d H:i")


def _day(value) -> str:
    return formats.date_format(timezone.localtime(value), "Y-m-d")


def _end(alert: Alert) -> str:
    """The end's time, and its date too when the window is longer than a night (a weekend, a holiday)."""
    long = alert.window_end - alert.window_start > datetime.timedelta(hours=24)
    return formats.date_format(timezone.localtime(alert.window_end), "Y-m-d H:i" if long else "H:i")


def alert_text(alert: Alert) -> str:
    values = {
        "person": alert.person_name or _("Someone"),
        "count": alert.count,
        "threshold": alert.threshold or 0,
        "day": _day(alert.window_start),
        "start": _when(alert.window_start),
        "end": _end(alert),
        "ip": alert.detail.get("ip") or "—",
        "role": alert.detail.get("role", ""),
        "kinds": pgettext("list separator", ", ").join(alert.detail.get("kinds", [])),
    }
    key = alert.rule.key
    if key == RuleKey.EXPORT_VOLUME:
        text = _("%(person)s exported %(count)d records on %(day)s (threshold %(threshold)d a day).")
    elif key == RuleKey.DELETE_TRANSFER_VOLUME:
        text = _(
            "%(person)s deleted or transferred %(count)d records between %(start)s and %(end)s "
            "(threshold %(threshold)d an hour)."
        )
    elif key == RuleKey.CUSTOMER_EDIT_VOLUME:
        text = _(
            "%(person)s edited %(count)d customers between %(start)s and %(end)s (threshold %(threshold)d an hour)."
        )
    elif key == RuleKey.SIGN_IN_NEW_IP:
        text = _("%(person)s signed in from a new IP address %(ip)s at %(start)s.")
    elif key == RuleKey.SIGN_IN_AFTER_HOURS:
        text = _("%(person)s signed in after hours (%(start)s – %(end)s), %(count)d times, last from %(ip)s.")
    else:
        text = _("%(person)s changed the role %(role)s so that it exports all records of: %(kinds)s.")
    return text % values


def alert_title(alert: Alert) -> str:
    return _("Operation alert: %(rule)s · %(person)s") % {
        "rule": alert.rule.get_key_display(),
        "person": alert.person_name or _("Someone"),
    }
