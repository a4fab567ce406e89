"""Leads (线索): a possible customer not yet qualified; converted into a customer and a contact."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from atrium.core.record_models import OwnedRecord
from atrium.customers.models.choices import LeadStatus
from atrium.customers.models.contacts import Contact
from atrium.customers.models.customers import Customer


class Lead(OwnedRecord):
    name = models.CharField(_("name"), max_length=100)
    company = models.CharField(_("company"), max_length=200, blank=True)
    phone = models.CharField(pgettext_lazy("customer field", "phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    source = models.CharField(_("source"), max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=LeadStatus.choices, default=LeadStatus.NEW)
    address = models.CharField(_("address"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    last_followup_at = models.DateTimeField(_("last follow-up"), null=True, blank=True)
    next_followup_at = models.DateTimeField(_("next follow-up"), null=True, blank=True)
    converted_customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.SET_NULL, related_name="source_leads"
    )
    converted_contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="source_leads"
    )
    converted_at = models.DateTimeField(_("converted"), null=True, blank=True)

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        indexes = [
            models.Index(fields=["owner", "id"], name="lead_owner_id"),
            models.Index(fields=["status", "id"], name="lead_status_id"),
            models.Index(fields=["phone"], name="lead_phone"),
        ]

    def __str__(self) -> str:
        return self.name
