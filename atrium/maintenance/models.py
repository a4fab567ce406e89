"""What the maintenance pages remember: each daily backup the worker made (or failed to make), and the last run
of each periodic job of the worker (written by ``job_runs``, read by the system status page)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class BackupRun(models.Model):
    """One backup made by the worker (or a refused attempt, with its reason)."""

    class Status(models.TextChoices):
        OK = "ok", _("Succeeded")
        FAILED = "failed", _("Failed")

    started_at = models.DateTimeField(_("Started"))
    finished_at = models.DateTimeField(_("Finished"))
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices)
    file_name = models.CharField(_("File"), max_length=200, blank=True)
    size = models.BigIntegerField(_("Size"), null=True, blank=True)
    encrypted = models.BooleanField(_("Encrypted"), default=False)
    removed = models.PositiveIntegerField(_("Older backups removed"), default=0)
    error = models.TextField(_("Error"), blank=True)

    class Meta:
        verbose_name = _("Backup")
        verbose_name_plural = _("Backups")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["-started_at"], name="maint_backup_started")]

    def __str__(self) -> str:
        return self.file_name or str(_("Backup"))


class JobRun(models.Model):
    """The last run of one periodic job of the worker, by the job's name."""

    name = models.CharField(max_length=200, unique=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    succeeded = models.BooleanField(null=True)
    error = models.TextField(blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Periodic job")
        verbose_name_plural = _("Periodic jobs")

    def __str__(self) -> str:
        return self.name
