"""The kind ``notification_settings`` (通知与提醒: company defaults per kind of notification, quiet hours, the
daily follow-up reminder time), so that roles grant it: view the page, edit it. Not scoped. The admin role
has both by default (migration ``0004_default_grants``)."""

from django.utils.translation import gettext_lazy as _

from atrium.core.kinds import RecordKind, register_kind

SETTINGS_KIND = "notification_settings"

register_kind(
    RecordKind(
        key=SETTINGS_KIND,
        label=_("Notifications and reminders"),
        model="notifications.NotificationSettings",
        owner_field=None,
        scoped=False,
        actions=("view", "edit"),
    )
)
