"""Saved list views: a name, a list's filters, sort and chosen columns; the owner's only, or shared with
everyone. Keyed by the list's key, so any registered list has them. The table is the one the customers app
created (``customers_savedview``): the model moved here with its rows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedView(models.Model):
    list_key = models.CharField(max_length=20)  # a registered list's key
    name = models.CharField(_("name"), max_length=60)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    query = models.CharField(max_length=2000, blank=True)  # the list's query string (filters and sort)
    columns = models.JSONField(default=list, blank=True)
    is_shared = models.BooleanField(_("shared with everyone"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "customers_savedview"
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "list_key", "name"], name="saved_view_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
