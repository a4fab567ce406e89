"""``{% record_sections request.user "customer" customer %}``: the sections other apps add to a record's page
(``core.record_sections``), each rendered from its own template in a card."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from atrium.core.record_sections import rendered_sections

register = template.Library()


@register.simple_tag(takes_context=True)
def record_sections(context: Any, user: Any, kind: str, record: Any) -> SafeString:
    request = context.get("request")
    parts = [
        (render_to_string(section.template, {**ctx, "section": section, "record": record}, request=request),)
        for section, ctx in rendered_sections(user, kind, record)
    ]
    return format_html_join("", "{}", parts)
