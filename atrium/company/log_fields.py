"""How changes of the company profile read in the operation log: the fields by their labels (the model's verbose
names), the logo and the seal as "image uploaded / removed" rather than a storage path."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from atrium.core.log_fields import LogField, register_log_fields


def image_text(value: Any) -> str:
    return _("An image") if value else _("None")


register_log_fields(
    "company_profile",
    logo=LogField(read=image_text),
    seal=LogField(read=image_text),
)
