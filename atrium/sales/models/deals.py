"""Pipelines (销售流程), their stages (阶段) and deals (商机).

A pipeline's stages are ordered by ``position``; each has a win probability, a kind (open / won / lost) and the
fields a deal must have to enter it. A deal is always in one stage of its pipeline; ``state`` mirrors its
stage's kind so that open, won and lost deals are one indexed filter. Each stay in a stage is a
``DealStageHistory`` row (entered, left), so the time spent per stage is a sum.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from atrium.core.record_models import OwnedRecord, VersionedRecord
from atrium.customers.models import Contact, Customer


class StageKind(models.TextChoices):
    OPEN = "open", pgettext_lazy("deal state", "Open")
    WON = "won", pgettext_lazy("deal state", "Won")
    LOST = "lost", pgettext_lazy("deal state", "Lost")


class RequiredField(models.TextChoices):
    """What a stage may require of a deal entering it."""

    AMOUNT = "amount", _("Amount")
    EXPECTED_CLOSE = "expected_close", _("Expected close date")
    CONTACTS = "contacts", _("Contacts")


# The stage colours offered (a name of the palette in sales.css), in order.
STAGE_COLORS = ("slate", "blue", "teal", "green", "amber", "orange", "red", "purple")


class Pipeline(VersionedRecord):
    name = models.CharField(_("name"), max_length=60, unique=True)
    position = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    # "An accepted quote moves its deal to this stage" (none: acceptance moves nothing by itself).
    accepted_quote_stage = models.ForeignKey(
        "Stage",
        verbose_name=_("stage after an accepted quote"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("pipeline")
        verbose_name_plural = _("pipelines")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Stage(VersionedRecord):
    pipeline = models.ForeignKey(
        Pipeline, verbose_name=_("pipeline"), on_delete=models.CASCADE, related_name="stages"
    )
    name = models.CharField(_("name"), max_length=40)
    position = models.PositiveIntegerField(_("order"), default=0)
    probability = models.PositiveSmallIntegerField(
        _("win probability"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    kind = models.CharField(_("kind"), max_length=8, choices=StageKind.choices, default=StageKind.OPEN)
    color = models.CharField(_("colour"), max_length=12, default="slate")
    required_fields = models.JSONField(_("required to enter"), default=list, blank=True)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["pipeline_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pipeline", "name"], name="stage_name_unique_in_pipeline"),
            models.CheckConstraint(condition=Q(probability__lte=100), name="stage_probability_max_100"),
        ]

    def __str__(self) -> str:
        return self.name


class Deal(OwnedRecord):
    title = models.CharField(_("title"), max_length=120)
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="deals", db_index=False
    )
    contacts = models.ManyToManyField(Contact, verbose_name=_("contacts"), blank=True, related_name="deals")
    pipeline = models.ForeignKey(
        Pipeline, verbose_name=_("pipeline"), on_delete=models.PROTECT, related_name="deals", db_index=False
    )
    stage = models.ForeignKey(
        Stage, verbose_name=_("stage"), on_delete=models.PROTECT, related_name="deals", db_index=False
    )
    state = models.CharField(_("state"), max_length=8, choices=StageKind.choices, default=StageKind.OPEN)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2, null=True, blank=True)
    expected_close = models.DateField(_("expected close date"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=64, blank=True)
    lost_reason = models.CharField(_("lost reason"), max_length=64, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    stage_entered_at = models.DateTimeField(_("in this stage since"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="deals",
        db_index=False,
    )
    collaborators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("collaborators"),
        blank=True,
        related_name="deal_collaborations",
    )

    class Meta:
        verbose_name = _("deal")
        verbose_name_plural = _("deals")
        indexes = [
            models.Index(fields=["owner", "id"], name="deal_owner_id"),
            models.Index(fields=["owner", "stage", "id"], name="deal_owner_stage_id"),
            models.Index(fields=["stage", "id"], name="deal_stage_id"),
            models.Index(fields=["pipeline", "stage", "amount"], name="deal_pipeline_totals"),
            models.Index(fields=["customer", "id"], name="deal_customer_id"),
            models.Index(fields=["title", "id"], name="deal_title_id"),
            models.Index(fields=["amount", "id"], name="deal_amount_id"),
            models.Index(fields=["expected_close", "id"], name="deal_expected_close_id"),
            models.Index(fields=["state", "expected_close", "id"], name="deal_state_close_id"),
        ]

    def __str__(self) -> str:
        return self.title


class DealStageHistory(models.Model):
    """One stay of a deal in a stage; ``left_at`` empty while it is there. The stage's name is kept so the
    history still reads after a stage is renamed or deleted."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="stage_history", db_index=False)
    stage = models.ForeignKey(Stage, null=True, on_delete=models.SET_NULL, related_name="+")
    stage_name = models.CharField(max_length=40)
    entered_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["deal", "entered_at", "id"], name="deal_history_deal_time")]

    def __str__(self) -> str:
        return self.stage_name
