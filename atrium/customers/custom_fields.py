"""Customers, contacts, leads and follow-ups have custom fields (values in each record's ``custom`` column)."""

from django.utils.translation import gettext_lazy as _

from atrium.fields.registry import register_custom_kind

register_custom_kind("customer", label=_("Customers"), order=10)
register_custom_kind("contact", label=_("Contacts"), order=20)
register_custom_kind("lead", label=_("Leads"), order=30)
register_custom_kind("followup", label=_("Follow-ups"), order=40)
