"""Definitions of custom fields (自定义字段). A record keeps its values in its own ``custom`` JSON column
(``core.record_models``), keyed by the definition's ``key``; nothing here holds values."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FieldType(models.TextChoices):
    TEXT = "text", _("Text")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", _("Number")
    MONEY = "money", _("Money")
    PERCENT = "percent", _("Percent")
    DATE = "date", _("Date")
    DATETIME = "datetime", _("Date and time")
    BOOLEAN = "boolean", _("Yes / no")
    SELECT = "select", _("Single select")
    MULTI_SELECT = "multi_select", _("Multiple select")
    PERSON = "person", pgettext_lazy("field type", "Person")
    DEPARTMENT = "department", _("Department")
    PHONE = "phone", _("Telephone")
    EMAIL = "email", _("E-mail")
    URL = "url", _("Web address")


class Visibility(models.TextChoices):
    EDITABLE = "editable", _("Editable")
    READ_ONLY = "readonly", _("Read only")
    HIDDEN = "hidden", _("Hidden")


class FieldDefinition(models.Model):
    """One custom field of one kind. ``options`` (selects): ``[{"value", "label", "color", "retired"}]`` in
    their order — records keep ``value``, so renaming an option keeps data. ``visibility``: ``{role code:
    "readonly" | "hidden"}``; a role not named edits (a person with several roles gets the widest)."""

    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(_("API key"), max_length=40)
    label = models.CharField(_("label"), max_length=60)
    label_en = models.CharField(_("English label"), max_length=60, blank=True)
    field_type = models.CharField(_("type"), max_length=20, choices=FieldType.choices)
    options = models.JSONField(_("options"), default=list, blank=True)
    decimal_places = models.PositiveSmallIntegerField(_("decimal places"), null=True, blank=True)
    help_text = models.CharField(_("help text"), max_length=200, blank=True)
    required = models.BooleanField(_("required"), default=False)
    default = models.JSONField(_("default"), null=True, blank=True)
    unique = models.BooleanField(_("unique"), default=False)
    section = models.CharField(_("form section"), max_length=40, blank=True)
    position = models.PositiveIntegerField(_("order"), default=0)
    visibility = models.JSONField(_("visibility by role"), default=dict, blank=True)
    in_list = models.BooleanField(_("shown in lists"), default=False)
    filterable = models.BooleanField(_("filterable"), default=True)
    sortable = models.BooleanField(_("sortable"), default=False)
    searchable = models.BooleanField(_("searchable"), default=False)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["kind", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="fields_definition_key_unique")]
        verbose_name = _("custom field")
        verbose_name_plural = _("custom fields")

    def __str__(self) -> str:
        return self.label

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    def option_labels(self) -> dict[str, str]:
        return {str(o["value"]): str(o["label"]) for o in self.options or []}


class ChoiceOption(models.Model):
    """One option of a choice list (选项列表: industry, source, levels, tags, follow-up types, lost reasons …,
    declared in ``fields.choice_lists``). Records store ``value``: the name itself for most lists (renaming
    moves them), a stable code for keyed lists (levels, follow-up types: renaming changes only ``label``).
    A retired option is no longer offered for new input; the records holding it keep it and still read it."""

    list = models.CharField(_("list"), max_length=40)
    value = models.CharField(_("stored value"), max_length=64)
    label = models.CharField(_("name"), max_length=64)
    position = models.PositiveIntegerField(_("order"), default=0)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["list", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["list", "value"], name="choice_option_value_unique"),
            models.UniqueConstraint(fields=["list", "label"], name="choice_option_label_unique"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None
