"""``{% custom_facts user "customer" record as rows %}``: the record's custom fields the person may see, as
(label, value in words), for a record page's facts."""

from typing import Any

from django import template

from atrium.fields.record_forms import custom_display

register = template.Library()


@register.simple_tag
def custom_facts(user: Any, kind: str, record: Any) -> list[tuple[str, str]]:
    return custom_display(user, kind, record)
