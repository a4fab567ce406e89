"""The abstract bases of the records people write: what every kind has, declared once.

``VersionedRecord``: created and updated times, the ``version`` the write path checks (a stale save answers
409, ``core.writes``) and ``custom``, the values of the kind's custom fields as one JSON object keyed by the
fields' API keys (the definitions and their validators come with the settings centre); a ``CustomValuesField``,
so that SQLite can index a field's values too (``core.json_keys``).

``OwnedRecord``: a ``VersionedRecord`` with an ``owner`` (whose role scope decides who sees it; no owner is
allowed, e.g. a customer in the pool) and the person who created it (``core.writes.record_create`` fills it
in). A kind whose owner is required or named otherwise overrides the field:

    class FollowUp(OwnedRecord):
        owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("written by"), ...)

Neither base indexes ``owner`` or ``created_by`` on its own: each kind declares the ``(owner, …)`` indexes its
lists sort by, which serve every lookup by owner too, so a large import maintains fewer indexes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from atrium.core.json_keys import CustomValuesField


class VersionedRecord(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    custom = CustomValuesField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class OwnedRecord(VersionedRecord):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="%(class)ss",
        db_index=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )

    class Meta:
        abstract = True
