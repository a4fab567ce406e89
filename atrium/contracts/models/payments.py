"""Received payments (回款) and invoices (发票) of a contract.

A payment is allocated to one or several instalments of its contract (``PaymentAllocation``); the allocations add
up to the payment's amount, and none goes beyond what an instalment still expects unless the payment carries an
overpayment note (超额收款说明). A payment's receipt and a contract's files are stored through the storage API.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from atrium.contracts.models.contracts import Contract, Instalment
from atrium.core.record_models import VersionedRecord


class PaymentMethod(models.TextChoices):
    BANK = "bank", _("Bank transfer")
    WECHAT = "wechat", _("WeChat Pay")
    ALIPAY = "alipay", _("Alipay")
    CASH = "cash", _("Cash")


class Payment(VersionedRecord):
    contract = models.ForeignKey(
        Contract,
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="payments",
        db_index=False,
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    received_on = models.DateField(_("received on"))
    method = models.CharField(
        _("method"), max_length=8, choices=PaymentMethod.choices, default=PaymentMethod.BANK
    )
    reference = models.CharField(_("reference"), max_length=64, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    overpayment_note = models.CharField(_("overpayment note"), max_length=200, blank=True)
    receipt = models.FileField(_("receipt"), upload_to="payments/%Y/%m/", blank=True, max_length=200)
    receipt_name = models.CharField(max_length=120, blank=True)
    receipt_type = models.CharField(max_length=60, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        indexes = [
            models.Index(fields=["contract", "id"], name="payment_contract_id"),
            models.Index(fields=["received_on", "id"], name="payment_received_id"),
            models.Index(fields=["amount", "id"], name="payment_amount_id"),
        ]

    def __str__(self) -> str:
        return f"{self.contract.number} ¥{self.amount:,.2f}"


class PaymentAllocation(models.Model):
    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="allocations")
    instalment = models.ForeignKey(Instalment, on_delete=models.PROTECT, related_name="allocations")
    amount = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["payment", "instalment"], name="allocation_once_per_instalment")
        ]
        indexes = [models.Index(fields=["instalment", "payment"], name="allocation_instalment")]

    def __str__(self) -> str:
        return f"{self.instalment_id}: {self.amount}"


class InvoiceKind(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary VAT invoice")
    SPECIAL = "special", _("Special VAT invoice")


class Invoice(VersionedRecord):
    contract = models.ForeignKey(
        Contract,
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="invoices",
        db_index=False,
    )
    number = models.CharField(_("invoice number"), max_length=32)
    kind = models.CharField(
        _("type"), max_length=10, choices=InvoiceKind.choices, default=InvoiceKind.ORDINARY
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    issued_on = models.DateField(_("issued on"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [models.UniqueConstraint(fields=["kind", "number"], name="invoice_kind_number_unique")]
        indexes = [
            models.Index(fields=["contract", "id"], name="invoice_contract_id"),
            models.Index(fields=["issued_on", "id"], name="invoice_issued_id"),
        ]

    def __str__(self) -> str:
        return self.number


class ContractFile(models.Model):
    """A file kept with a contract (the signed scan, drawings): stored through the storage API, downloaded
    through the access layer."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="contracts/%Y/%m/", max_length=200)
    name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["contract_id", "-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.name
