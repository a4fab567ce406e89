"""The operation log (操作日志): one row per change, login, export or permission change. Append-only."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OperationLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("the operation log is append-only")

    def delete(self):
        raise PermissionError("the operation log is append-only")


class OperationLog(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("Create")
        UPDATE = "update", _("Update")
        DELETE = "delete", _("Delete")
        CLAIM = "claim", _("Claim")
        RELEASE = "release", _("Release to the pool")
        TRANSFER = "transfer", _("Transfer")
        MERGE = "merge", _("Merge")
        LOGIN = "login", _("Login")
        LOGOUT = "logout", _("Logout")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOGIN_LOCKED = "login_locked", _("Sign-in locked")
        LOGIN_UNLOCKED = "login_unlocked", _("Sign-in unlocked")
        EXPORT = "export", _("Export")
        IMPORT = "import", _("Import")
        PERMISSION = "permission", _("Permission change")
        OTHER = "other", _("Other")

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("person name"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    kind = models.CharField(_("kind of record"), max_length=50, blank=True)
    object_id = models.CharField(_("record"), max_length=64, blank=True)
    object_repr = models.CharField(_("record name"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)

    objects = OperationLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("operation log entry")
        verbose_name_plural = _("operation log")
        indexes = [
            models.Index(fields=["actor", "-id"], name="oplog_actor_idx"),
            models.Index(fields=["kind", "object_id", "-id"], name="oplog_record_idx"),
            models.Index(fields=["action", "-id"], name="oplog_action_idx"),
            # The alert sweep: one action over a window of time, and a person's earlier sign-ins by address.
            models.Index(fields=["action", "created_at"], name="oplog_action_time_idx"),
            models.Index(
                fields=["actor", "ip", "id"],
                name="oplog_login_source_idx",
                condition=models.Q(action="login"),
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.kind}:{self.object_id}"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("the operation log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("the operation log is append-only")


class OutboxMessage(models.Model):
    """One delivery of a durable event to one subscriber (``core.outbox``), written in the transaction that
    emitted the event. Pending until the worker claims it (a conditional UPDATE), delivered once, retried with
    back-off, ``failed`` (with the last error) after the last attempt."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERING = "delivering", _("Delivering")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    event = models.CharField(_("event"), max_length=100)
    handler = models.CharField(_("subscriber"), max_length=200)
    payload = models.JSONField(default=dict)
    delivery_key = models.CharField(max_length=64, unique=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox")
        indexes = [
            models.Index(
                fields=["next_attempt_at", "id"],
                name="outbox_due",
                condition=models.Q(status__in=["pending", "delivering"]),
            ),
            models.Index(fields=["status", "-id"], name="outbox_status"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.handler} ({self.status})"
