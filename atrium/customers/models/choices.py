"""Fixed choices of the customer records and the admin-editable lists (industry, source)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CustomerType(models.TextChoices):
    COMPANY = "company", _("Company")
    PERSON = "person", _("Person")


class CustomerLevel(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"


class CustomerStatus(models.TextChoices):
    POTENTIAL = "potential", _("Potential")
    INTERESTED = "interested", _("Interested")
    SIGNED = "signed", _("Signed")
    LOST = "lost", _("Lost")


class LeadStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("lead status", "New")
    FOLLOWING = "following", _("Following up")
    CONVERTED = "converted", _("Converted")
    INVALID = "invalid", _("Invalid")


class FollowUpType(models.TextChoices):
    CALL = "call", _("Phone call")
    VISIT = "visit", _("Visit")
    SITE_SURVEY = "site_survey", _("Site survey")
    WECHAT = "wechat", _("WeChat")
    MEETING = "meeting", _("Meeting")
    EMAIL = "email", pgettext_lazy("follow-up type", "E-mail")


class OptionList(models.TextChoices):
    """The lists an admin can edit; records store the option's value (its name)."""

    INDUSTRY = "industry", _("Industry")
    SOURCE = "source", _("Source")


class ChoiceOption(models.Model):
    """One entry of an admin-editable list. Records keep the value text, so renaming is a service that
    updates them too; deactivating hides the option from new input but keeps old records valid."""

    list = models.CharField(_("list"), max_length=20, choices=OptionList.choices)
    value = models.CharField(_("name"), max_length=64)
    position = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["list", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["list", "value"], name="customers_option_unique")]

    def __str__(self) -> str:
        return self.value
