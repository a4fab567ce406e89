"""Contacts (联系人) of customers."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from atrium.core.record_models import VersionedRecord
from atrium.customers.models.customers import Customer


class Contact(VersionedRecord):
    """A person at a customer. Who may see it follows the customer (its owner's scope)."""

    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="contacts",
        db_index=False,
    )
    name = models.CharField(_("name"), max_length=100)
    title = models.CharField(_("title"), max_length=100, blank=True)
    phone = models.CharField(pgettext_lazy("customer field", "phone"), max_length=32, blank=True)
    mobile = models.CharField(_("mobile"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    wechat = models.CharField(_("WeChat"), max_length=64, blank=True)
    birthday = models.DateField(_("birthday"), null=True, blank=True)
    is_primary = models.BooleanField(_("primary contact"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    last_followup_at = models.DateTimeField(_("last follow-up"), null=True, blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [
            models.Index(fields=["customer", "id"], name="contact_customer_id"),
            models.Index(fields=["name", "id"], name="contact_name_id"),
            models.Index(fields=["mobile"], name="contact_mobile"),
            models.Index(fields=["phone"], name="contact_phone"),
        ]

    def __str__(self) -> str:
        return self.name
