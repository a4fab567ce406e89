"""Follow-up records (跟进记录) on a customer, a contact or a lead, with the next follow-up to remind of."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atrium.core.record_models import OwnedRecord
from atrium.customers.models.choices import DEFAULT_FOLLOWUP_TYPE, OptionList
from atrium.customers.models.contacts import Contact
from atrium.customers.models.customers import Customer
from atrium.customers.models.leads import Lead
from atrium.fields.choice_options import label_of


class FollowUp(OwnedRecord):
    """Written by ``owner``. On a contact, ``customer`` is the contact's customer too, so a customer's
    follow-ups are one indexed lookup."""

    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="followups",
        db_index=False,
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followups",
    )
    lead = models.ForeignKey(
        Lead,
        verbose_name=_("lead"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="followups",
        db_index=False,
    )
    # A value of the follow-up type list (a stable code: call, visit … or one made from a new option's name).
    type = models.CharField(_("type"), max_length=32, default=DEFAULT_FOLLOWUP_TYPE)
    happened_at = models.DateTimeField(_("time"))
    content = models.TextField(_("content"))
    outcome = models.CharField(_("outcome"), max_length=300, blank=True)
    next_at = models.DateTimeField(_("next follow-up"), null=True, blank=True)
    next_action = models.CharField(_("what to do then"), max_length=300, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="followups",
        db_index=False,
    )

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.CheckConstraint(
                condition=Q(customer__isnull=False) | Q(lead__isnull=False), name="followup_has_subject"
            )
        ]
        indexes = [
            models.Index(fields=["customer", "happened_at", "id"], name="followup_customer_time"),
            models.Index(fields=["lead", "happened_at", "id"], name="followup_lead_time"),
            models.Index(fields=["owner", "id"], name="followup_owner_id"),
            # Due reminders: next_at passed and not yet sent.
            models.Index(fields=["next_at"], name="followup_due", condition=Q(reminder_sent_at__isnull=True)),
        ]

    def get_type_display(self) -> str:
        return label_of(OptionList.FOLLOWUP_TYPE, self.type)

    def __str__(self) -> str:
        # The company's local day: at 05:46 in Beijing it is still the previous day in UTC.
        happened = (
            timezone.localtime(self.happened_at) if timezone.is_aware(self.happened_at) else self.happened_at
        )
        return f"{self.get_type_display()} {happened:%Y-%m-%d}"


class FollowUpReminderDay(models.Model):
    """A local day whose daily follow-up reminder (今日待跟进) was sent: claimed once by the worker, at the
    company's reminder time (通知与提醒), so that no day is reminded twice."""

    day = models.DateField(unique=True)
    sent_at = models.DateTimeField()
    recipients = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d}"
