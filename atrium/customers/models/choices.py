"""Fixed choices of the customer records and the keys of their choice lists (选项列表)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CustomerType(models.TextChoices):
    COMPANY = "company", _("Company")
    PERSON = "person", _("Person")


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


DEFAULT_FOLLOWUP_TYPE = "call"  # a follow-up of no type given: 电话 (the list's first seeded option)


class OptionList(models.TextChoices):
    """The choice lists of customers, leads and follow-ups (``customers.choice_lists``); records store the
    option's value: its name, or for levels and follow-up types a stable code."""

    INDUSTRY = "industry", _("Industry")
    SOURCE = "source", _("Source")
    LEVEL = "level", _("Customer level")
    TAGS = "tags", _("Tags")
    FOLLOWUP_TYPE = "followup_type", _("Follow-up type")
    LOST_REASON = "lost_reason", _("Lost reason")
