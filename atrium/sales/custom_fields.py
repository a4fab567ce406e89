"""Deals have custom fields (values in each deal's ``custom`` column)."""

from django.utils.translation import gettext_lazy as _

from atrium.fields.registry import register_custom_kind

register_custom_kind("deal", label=_("Deals"), order=50)
