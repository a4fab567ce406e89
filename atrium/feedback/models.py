"""Feedback (用户反馈): a suggestion or a problem a person sent, with an optional screenshot, and the answer."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from atrium.core.record_models import OwnedRecord

TEXT_MAX = 2000
ANSWER_MAX = 2000


class Feedback(OwnedRecord):
    """``owner`` is who sent it (they see their own; admins all)."""

    class Category(models.TextChoices):
        SUGGESTION = "suggestion", _("Suggestion")
        PROBLEM = "problem", _("Problem")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_PROGRESS = "in_progress", _("In progress")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        related_name="feedback_sent",
        db_index=False,
    )
    category = models.CharField(
        _("type"), max_length=20, choices=Category.choices, default=Category.SUGGESTION
    )
    text = models.TextField(_("content"), max_length=TEXT_MAX)
    page = models.CharField(_("page"), max_length=300, blank=True)
    screenshot = models.FileField(_("screenshot"), upload_to="feedback/%Y/%m/", blank=True, max_length=200)
    screenshot_type = models.CharField(max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    answer = models.TextField(_("answer"), max_length=ANSWER_MAX, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        indexes = [
            models.Index(fields=["owner", "-id"], name="feedback_owner_id"),
            models.Index(fields=["status", "-id"], name="feedback_status_id"),
        ]

    def __str__(self) -> str:
        first_line = self.text.strip().splitlines()[0] if self.text.strip() else ""
        return first_line[:40] + ("…" if len(first_line) > 40 else "")
