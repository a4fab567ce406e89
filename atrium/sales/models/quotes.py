"""Products and services (产品与服务) and quotes (报价) of a deal, in versions.

A quote belongs to a deal (its visibility follows the deal's: owner, department, collaborators) and has a
number (BJ-2026-0001). Its versions v1, v2 … each hold lines and their totals, computed in Decimal
(``sales.money``) and stored with the version. A draft is edited; a sent or accepted version is frozen; a new
version starts as a copy of the latest one.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from atrium.core.record_models import VersionedRecord
from atrium.sales.models.deals import Deal


class Product(VersionedRecord):
    name = models.CharField(_("name"), max_length=120)
    category = models.CharField(_("category"), max_length=60, blank=True)
    unit = models.CharField(_("unit"), max_length=12, default="项")
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2, default=Decimal("0"))
    tax_rate = models.DecimalField(_("tax rate (%)"), max_digits=5, decimal_places=2, default=Decimal("9"))
    is_active = models.BooleanField(_("active"), default=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("product or service")
        verbose_name_plural = _("products and services")
        constraints = [models.UniqueConstraint(fields=["name", "unit"], name="product_name_unit_unique")]
        indexes = [
            models.Index(fields=["name", "id"], name="product_name_id"),
            models.Index(fields=["category", "id"], name="product_category_id"),
        ]

    def __str__(self) -> str:
        return self.name


class QuoteStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    SUPERSEDED = "superseded", _("Superseded")


FROZEN = (QuoteStatus.SENT, QuoteStatus.ACCEPTED, QuoteStatus.CHANGES_REQUESTED, QuoteStatus.SUPERSEDED)


class Quote(VersionedRecord):
    deal = models.ForeignKey(Deal, verbose_name=_("deal"), on_delete=models.PROTECT, related_name="quotes")
    number = models.CharField(_("number"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class QuoteVersion(models.Model):
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=QuoteStatus.choices, default=QuoteStatus.DRAFT
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    terms = models.TextField(_("terms"), blank=True)
    subtotal = models.DecimalField(_("subtotal"), default=Decimal("0"), max_digits=14, decimal_places=2)
    discount = models.DecimalField(_("discount"), default=Decimal("0"), max_digits=14, decimal_places=2)
    tax = models.DecimalField(_("tax"), default=Decimal("0"), max_digits=14, decimal_places=2)
    total = models.DecimalField(_("total"), default=Decimal("0"), max_digits=14, decimal_places=2)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_to = models.EmailField(_("sent to"), blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    # The client's answer through the signed link: the name they typed, from where, and their comment.
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.CharField(_("answered by"), max_length=60, blank=True)
    answered_ip = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    client_comment = models.TextField(_("client's comment"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)  # the write path's optimistic lock (409)

    class Meta:
        verbose_name = _("quote version")
        verbose_name_plural = _("quote versions")
        ordering = ["quote_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["quote", "number"], name="quote_version_number_unique"),
            # At most one draft per quote: a new version starts only once the latest is frozen.
            models.UniqueConstraint(fields=["quote"], condition=Q(status="draft"), name="quote_one_draft"),
        ]

    def __str__(self) -> str:
        return f"v{self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.status in FROZEN


class QuoteLine(models.Model):
    quote_version = models.ForeignKey(QuoteVersion, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(default=0)
    product = models.ForeignKey(Product, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    description = models.CharField(_("item"), max_length=200)
    unit = models.CharField(_("unit"), max_length=12, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3)
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2)
    discount_percent = models.DecimalField(
        _("discount (%)"), max_digits=5, decimal_places=2, default=Decimal("0")
    )
    tax_rate = models.DecimalField(_("tax rate (%)"), max_digits=5, decimal_places=2, default=Decimal("0"))
    gross = models.DecimalField(default=Decimal("0"), max_digits=14, decimal_places=2)
    discount = models.DecimalField(default=Decimal("0"), max_digits=14, decimal_places=2)
    net = models.DecimalField(default=Decimal("0"), max_digits=14, decimal_places=2)
    line_tax = models.DecimalField(default=Decimal("0"), max_digits=14, decimal_places=2)
    total = models.DecimalField(default=Decimal("0"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["quote_version_id", "position", "id"]
        indexes = [models.Index(fields=["quote_version", "position"], name="quote_line_version_pos")]

    def __str__(self) -> str:
        return self.description
