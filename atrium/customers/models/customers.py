"""Customers (客户), their tags, collaborators and the pool rules."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from atrium.core.record_models import OwnedRecord
from atrium.customers.models.choices import CustomerStatus, CustomerType, OptionList
from atrium.fields.choice_options import label_of


class Customer(OwnedRecord):
    """A company or a person the firm sells to. No owner means the customer is in the pool (公海)."""

    type = models.CharField(
        _("type"), max_length=10, choices=CustomerType.choices, default=CustomerType.COMPANY
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    industry = models.CharField(_("industry"), max_length=64, blank=True)
    source = models.CharField(_("source"), max_length=64, blank=True)
    level = models.CharField(_("level"), max_length=32, blank=True)  # a value of the level list
    status = models.CharField(
        _("status"), max_length=12, choices=CustomerStatus.choices, default=CustomerStatus.POTENTIAL
    )
    region = models.CharField(_("region"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(pgettext_lazy("customer field", "phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    collaborators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("collaborators"),
        through="CustomerCollaborator",
        related_name="collaborating_customers",
        blank=True,
    )
    last_followup_at = models.DateTimeField(_("last follow-up"), null=True, blank=True)
    next_followup_at = models.DateTimeField(_("next follow-up"), null=True, blank=True)
    # Pool bookkeeping: who had it last and since when it is in the pool (or owned).
    previous_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    owned_since = models.DateTimeField(null=True, blank=True)
    # A merged customer is archived and points at the one that absorbed it.
    is_archived = models.BooleanField(_("archived"), default=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [
            # Default sort (newest first) per owner and overall; the pool is owner IS NULL.
            models.Index(fields=["owner", "id"], name="customer_owner_id"),
            models.Index(fields=["owner", "last_followup_at", "id"], name="customer_owner_lastfu"),
            models.Index(fields=["owner", "next_followup_at", "id"], name="customer_owner_nextfu"),
            models.Index(fields=["name", "id"], name="customer_name_id"),
            models.Index(fields=["phone"], name="customer_phone"),
            models.Index(fields=["created_at", "id"], name="customer_created_id"),
            models.Index(fields=["last_followup_at", "id"], name="customer_lastfu_id"),
            models.Index(fields=["industry", "id"], name="customer_industry_id"),
            models.Index(fields=["source", "id"], name="customer_source_id"),
            models.Index(fields=["level", "id"], name="customer_level_id"),
            models.Index(fields=["status", "id"], name="customer_status_id"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_level_display(self) -> str:
        return label_of(OptionList.LEVEL, self.level)

    @property
    def in_pool(self) -> bool:
        return self.owner_id is None


class CustomerTag(models.Model):
    """One tag of one customer, kept by the services beside ``Customer.tags`` so that filtering by a tag is an
    indexed lookup over a million customers."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="tag_rows")
    tag = models.CharField(max_length=50)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["customer", "tag"], name="customer_tag_unique")]
        indexes = [models.Index(fields=["tag", "customer"], name="customer_tag_lookup")]

    def __str__(self) -> str:
        return self.tag


class CustomerCollaborator(models.Model):
    """A member of the customer's team (相关团队): sees the customer whatever their role's scope."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="collaborator_rows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["customer", "user"], name="customer_collaborator_unique")
        ]
        indexes = [models.Index(fields=["user", "customer"], name="customer_collab_user")]

    def __str__(self) -> str:
        return f"{self.customer_id}:{self.user_id}"


class PoolSettings(models.Model):
    """The pool rules (one row). Claiming is refused when the person already owns ``claim_limit`` customers
    (保有量上限); an owned customer with no follow-up for ``return_after_days`` days returns to the pool
    (None: never)."""

    claim_limit = models.PositiveIntegerField(_("most customers one person may own"), default=500)
    return_after_days = models.PositiveIntegerField(
        _("return to pool after days without follow-up"), null=True
    )
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"pool rules (limit {self.claim_limit})"

    @classmethod
    def current(cls) -> PoolSettings:
        settings_row, _created = cls.objects.get_or_create(pk=1)
        return settings_row
