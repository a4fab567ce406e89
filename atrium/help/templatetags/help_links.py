"""``{% help_link %}``: the 帮助 link of the page being shown, to the help topic that explains it (see
``atrium.help.topics.HELP_FOR_PAGE``); nothing on a page no topic explains."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from atrium.help.topics import topic_for_page

register = template.Library()


@register.simple_tag(takes_context=True)
def help_link(context) -> str:
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    if match is None or user is None or not user.is_authenticated:
        return ""
    key = topic_for_page(match.url_name or "", match.namespace, external=user.is_external)
    if key is None:
        return ""
    return format_html(
        '<a class="help-link" href="{}" title="{}" data-testid="help-link">{}</a>',
        reverse("help:topic", args=[key]),
        _("Help for this page"),
        _("Help"),
    )
