"""Import jobs: an uploaded file, its column mapping and options, and what became of it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    """One import by one person. The uploaded file stays under the media root until the job is deleted; the
    report (every bad row by line, column and reason) is written next to it."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Check the mapping")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        INVALID = "invalid", _("Rows are invalid, nothing imported")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("what"), max_length=30)  # the import spec's key: customers, contacts, leads
    file = models.FileField(upload_to="imports/%Y/%m/", max_length=300)
    original_name = models.CharField(_("file"), max_length=255)
    size = models.BigIntegerField(default=0)
    file_format = models.CharField(max_length=10, blank=True)
    encoding = models.CharField(max_length=20, blank=True)
    header = models.JSONField(default=list, blank=True)
    mapping = models.JSONField(default=dict, blank=True)  # {"column index": "field key"}
    options = models.JSONField(default=dict, blank=True)  # {"update_by": "", "skip_invalid": false}
    # The select values of the whole file that are not in their lists, found by the worker's scan for the
    # mapped select columns (value_mapping.scan_unknown_values): {"columns", "values", "more", "beyond"}.
    choice_values = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.UPLOADED)
    phase = models.CharField(max_length=10, blank=True)  # "checking" then "writing" while it runs
    total_rows = models.PositiveIntegerField(default=0)  # estimated from the file before the run
    processed_rows = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(_("imported"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    invalid = models.PositiveIntegerField(_("invalid"), default=0)
    problems = models.JSONField(default=list, blank=True)  # the first bad rows, for the page
    report = models.FileField(upload_to="imports/reports/%Y/%m/", max_length=300, blank=True)
    error = models.TextField(blank=True)
    # Who runs it ("host:pid") and when that worker last said it is alive: a running job whose worker is gone
    # is marked failed by the recovery sweep (imports/recovery.py).
    worker = models.CharField(max_length=200, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [models.Index(fields=["created_by", "-id"], name="importjob_creator")]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def can_start(self) -> bool:
        return self.status in (self.Status.UPLOADED, self.Status.INVALID, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(99, round(100 * self.processed_rows / self.total_rows))
