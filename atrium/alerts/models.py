"""Operation alerts: the rules an admin turns on (one row per kind of rule) and the alerts the worker raises
from the operation log (one per person, rule and window: ``dedupe_key`` is unique)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleKey(models.TextChoices):
    EXPORT_VOLUME = "export_volume", _("Mass export")
    DELETE_TRANSFER_VOLUME = "delete_transfer_volume", _("Mass delete or transfer")
    CUSTOMER_EDIT_VOLUME = "customer_edit_volume", _("Mass customer edits")
    SIGN_IN_NEW_IP = "sign_in_new_ip", _("Sign-in from a new IP address")
    SIGN_IN_AFTER_HOURS = "sign_in_after_hours", _("Sign-in after hours")
    EXPORT_ALL_GRANTED = "export_all_granted", _("Role grants export of all records")


# Rules counted against a threshold, and the window each counts over.
THRESHOLD_RULES = {
    RuleKey.EXPORT_VOLUME: "day",
    RuleKey.DELETE_TRANSFER_VOLUME: "hour",
    RuleKey.CUSTOMER_EDIT_VOLUME: "hour",
}
DEFAULT_THRESHOLDS = {
    RuleKey.EXPORT_VOLUME: 1000,
    RuleKey.DELETE_TRANSFER_VOLUME: 50,
    RuleKey.CUSTOMER_EDIT_VOLUME: 200,
}
DEFAULT_AFTER_HOURS = (datetime.time(22, 0), datetime.time(6, 0))


class AlertRule(models.Model):
    key = models.CharField(_("rule"), max_length=40, choices=RuleKey.choices, unique=True)
    is_enabled = models.BooleanField(_("on"), default=False)
    threshold = models.PositiveIntegerField(_("threshold"), null=True, blank=True)
    after_hours_start = models.TimeField(_("after hours from"), null=True, blank=True)
    after_hours_end = models.TimeField(_("after hours until"), null=True, blank=True)
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("notified people"), blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("alert rule")
        verbose_name_plural = _("alert rules")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.get_key_display())

    @property
    def has_threshold(self) -> bool:
        return self.key in THRESHOLD_RULES

    @property
    def has_hours(self) -> bool:
        return self.key == RuleKey.SIGN_IN_AFTER_HOURS


class Alert(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")

    rule = models.ForeignKey(
        AlertRule, verbose_name=_("rule"), on_delete=models.PROTECT, related_name="alerts"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    person_name = models.CharField(_("person name"), max_length=150, blank=True)
    window_start = models.DateTimeField(_("from"))
    window_end = models.DateTimeField(_("until"))
    count = models.PositiveIntegerField(_("count"), default=0)
    threshold = models.PositiveIntegerField(_("threshold"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    dedupe_key = models.CharField(max_length=200, unique=True)
    raised_at = models.DateTimeField(_("raised"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("operation alert")
        verbose_name_plural = _("operation alerts")
        indexes = [
            models.Index(fields=["-id"], name="alert_newest_idx"),
            models.Index(fields=["status", "-id"], name="alert_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.rule} · {self.person_name}"
