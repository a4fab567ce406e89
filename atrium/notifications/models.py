"""In-app notifications and each person's choice, per kind of notification, of in-app and e-mail delivery.

A notification row is one delivery to one person. ``in_app`` is False for a person who turned the kind off in
the app but wants it by e-mail: the row then only records the e-mail (``emailed_at``) and never shows in the
inbox or the unread count. ``email_held_until`` is set on a delivery whose e-mail falls in the company's quiet
hours: the worker sends it once that time has come.

``NotificationSettings`` (通知与提醒, one row) holds the company's defaults per kind — what a person gets until
they choose their own — the quiet hours and the time of the daily follow-up reminder.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    in_app = models.BooleanField(default=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_held_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(
                fields=["recipient", "-id"], condition=models.Q(in_app=True), name="notification_inbox_idx"
            ),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True, in_app=True),
                name="notification_unread_idx",
            ),
            # E-mails held by the quiet hours, until sent.
            models.Index(
                fields=["email_held_until"],
                condition=models.Q(email_held_until__isnull=False, emailed_at__isnull=True),
                name="notification_held_email_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=50)
    in_app = models.BooleanField(_("in the app"), default=True)
    email = models.BooleanField(_("by e-mail"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.kind}"


DEFAULT_REMINDER_TIME = datetime.time(9, 0)


class NotificationSettings(models.Model):
    """The company's notification rules (one row, pk 1, versioned).

    ``kind_defaults``: ``{kind key: [in app, e-mail]}`` for the kinds whose company default differs from the
    kind's registered one; a person's own choice (NotificationPreference) wins over both. Quiet hours (local
    time of ``TIME_ZONE``, may span midnight: 22:00–08:00) hold e-mails until they end; in-app notices are
    delivered at once. ``followup_reminder_time``: when the daily follow-up reminder (今日待跟进) is sent.
    """

    kind_defaults = models.JSONField(default=dict, blank=True)
    quiet_hours_enabled = models.BooleanField(_("quiet hours"), default=False)
    quiet_start = models.TimeField(_("quiet hours start"), null=True, blank=True)
    quiet_end = models.TimeField(_("quiet hours end"), null=True, blank=True)
    followup_reminder_time = models.TimeField(
        _("daily follow-up reminder time"), default=DEFAULT_REMINDER_TIME
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(_("Notifications and reminders"))

    @classmethod
    def current(cls) -> "NotificationSettings":
        row, _created = cls.objects.get_or_create(pk=1)
        return row
