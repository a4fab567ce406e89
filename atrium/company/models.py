"""The company profile (公司信息): one row (pk 1) per installation, versioned. The logo and the seal are files
kept through the storage API (local media or the bucket), with the content type found from their first bytes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

LEGAL_NAME_MAX = 200
SHORT_NAME_MAX = 30
ADDRESS_MAX = 300
BANK_NAME_MAX = 100


class CompanyProfile(models.Model):
    legal_name = models.CharField(_("legal name"), max_length=LEGAL_NAME_MAX, blank=True)
    short_name = models.CharField(_("short name"), max_length=SHORT_NAME_MAX, blank=True)
    logo = models.FileField(_("logo"), upload_to="company/", blank=True, max_length=200)
    logo_type = models.CharField(max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=ADDRESS_MAX, blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    tax_id = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    bank_name = models.CharField(_("bank"), max_length=BANK_NAME_MAX, blank=True)
    bank_account = models.CharField(_("bank account"), max_length=40, blank=True)
    seal = models.FileField(_("company seal"), upload_to="company/", blank=True, max_length=200)
    seal_type = models.CharField(max_length=40, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("company profile")
        verbose_name_plural = _("company profile")

    def __str__(self) -> str:
        return self.legal_name or str(_("Company profile"))

    @classmethod
    def current(cls) -> CompanyProfile:
        row, _created = cls.objects.get_or_create(pk=1)
        return row
