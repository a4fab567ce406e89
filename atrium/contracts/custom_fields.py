"""Contracts have custom fields (values in each contract's ``custom`` column)."""

from django.utils.translation import gettext_lazy as _

from atrium.fields.registry import register_custom_kind

register_custom_kind("contract", label=_("Contracts"), order=60)
