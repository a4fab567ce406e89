"""Contracts (合同) and their payment plans (回款计划).

A contract comes from a won deal or an accepted quote (both optional links, kept both ways), belongs to the
deal's customer and is owned by a salesperson (own / department / all by owner; the deal's collaborators see
it). Its plan is a list of instalments (开工款 30 % …), each an amount in Decimal with a due date. A contract is
signed only when its instalments add up exactly to its amount.

What was received is kept beside what is due, in the same transaction as the payment that changed it
(``Instalment.received``, ``Contract.received``, ``Contract.invoiced``), so lists and the customer's history
read it without summing payments. An instalment's status (未到期 / 待收 / 部分收款 / 已收 / 逾期) is computed from
its due date and what it received (``instalment_status``), never stored.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from atrium.core.record_models import OwnedRecord
from atrium.customers.models import Contact, Customer
from atrium.sales.models import Deal, Quote, QuoteVersion

ZERO = Decimal("0.00")
# An instalment is 待收 (to collect) from this many days before its due date; earlier it is 未到期.
COLLECT_FROM_DAYS = 7


class ContractStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    ACTIVE = "active", _("In progress")
    COMPLETED = "completed", _("Completed")
    TERMINATED = "terminated", _("Terminated")


# A payment can be recorded against a contract in these states.
COLLECTING = (ContractStatus.SIGNED, ContractStatus.ACTIVE, ContractStatus.COMPLETED)


class Contract(OwnedRecord):
    number = models.CharField(_("number"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=120)
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="contracts",
        db_index=False,
    )
    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deal = models.ForeignKey(
        Deal,
        verbose_name=_("deal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    quote = models.ForeignKey(
        Quote,
        verbose_name=_("quote"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    quote_version = models.ForeignKey(
        QuoteVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="contracts"
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    party_a = models.CharField(_("party A (client)"), max_length=120)
    party_b = models.CharField(_("party B (us)"), max_length=120)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ContractStatus.choices, default=ContractStatus.DRAFT
    )
    terms = models.TextField(_("terms"), blank=True)
    termination_reason = models.CharField(_("termination reason"), max_length=200, blank=True)
    received = models.DecimalField(_("received"), max_digits=14, decimal_places=2, default=ZERO)
    invoiced = models.DecimalField(_("invoiced"), max_digits=14, decimal_places=2, default=ZERO)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="contracts",
        db_index=False,
    )

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        indexes = [
            models.Index(fields=["owner", "id"], name="contract_owner_id"),
            models.Index(fields=["customer", "id"], name="contract_customer_id"),
            models.Index(fields=["status", "id"], name="contract_status_id"),
            models.Index(fields=["signed_on", "id"], name="contract_signed_id"),
            models.Index(fields=["amount", "id"], name="contract_amount_id"),
            models.Index(fields=["title", "id"], name="contract_title_id"),
            # A person's contracts that still collect money (the receivables' own scope).
            models.Index(
                fields=["owner", "id"],
                name="contract_collecting_owner",
                condition=~Q(status__in=["draft", "terminated"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def outstanding(self) -> Decimal:
        """应收未收: what the plan still expects (nothing for a draft or a terminated contract)."""
        if self.status in (ContractStatus.DRAFT, ContractStatus.TERMINATED):
            return ZERO
        return max(self.amount - self.received, ZERO)


class InstalmentStatus(models.TextChoices):
    NOT_DUE = "not_due", _("Not yet due")
    DUE = "due", _("To collect")
    PARTIAL = "partial", _("Partly received")
    PAID = "paid", _("Received")
    OVERDUE = "overdue", _("Overdue")


class Instalment(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="instalments")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(_("name"), max_length=60)
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=2, null=True, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    due_on = models.DateField(_("due date"))
    received = models.DecimalField(_("received"), max_digits=14, decimal_places=2, default=ZERO)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        ordering = ["contract_id", "position", "id"]
        indexes = [
            models.Index(fields=["contract", "position"], name="instalment_contract_pos"),
            models.Index(fields=["due_on", "id"], name="instalment_due_id"),
            # What is still to collect (the receivables' status filters, reminders, overdue sums): a small part
            # of all instalments once contracts are paid.
            models.Index(
                fields=["due_on", "id", "contract"],
                name="instalment_open_due",
                condition=Q(received__lt=F("amount")),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def balance(self) -> Decimal:
        return max(self.amount - self.received, ZERO)

    def status_on(self, today: datetime.date) -> str:
        return instalment_status(self.amount, self.received, self.due_on, today)

    @property
    def status(self) -> str:
        from django.utils import timezone

        return self.status_on(timezone.localdate())


def instalment_status(amount: Decimal, received: Decimal, due_on: datetime.date, today: datetime.date) -> str:
    """已收 once nothing is left; 逾期 past the due date with a balance; 部分收款 when something came; 待收 from
    ``COLLECT_FROM_DAYS`` before the due date; 未到期 before that."""
    if received >= amount:
        return InstalmentStatus.PAID
    if due_on < today:
        return InstalmentStatus.OVERDUE
    if received > 0:
        return InstalmentStatus.PARTIAL
    if due_on <= today + datetime.timedelta(days=COLLECT_FROM_DAYS):
        return InstalmentStatus.DUE
    return InstalmentStatus.NOT_DUE


class ReminderRule(models.TextChoices):
    BEFORE = "before", _("3 days before the due date")
    AFTER = "after", _("1 day after the due date")


class InstalmentReminder(models.Model):
    """One reminder per instalment and rule, claimed by this row (the worker job runs again harmlessly)."""

    instalment = models.ForeignKey(Instalment, on_delete=models.CASCADE, related_name="reminders")
    rule = models.CharField(max_length=8, choices=ReminderRule.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["instalment", "rule"], name="instalment_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.instalment_id}: {self.rule}"
