"""The e-mail of a notification: subject, plain text and simple HTML, in the recipient's language, signed with
the company's legal name (公司信息) when it is filled."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import translation

from atrium.company.selectors import company_profile
from atrium.notifications.models import Notification
from atrium.notifications.registry import get_notification_kind


def recipient_language(user: Any) -> str:
    """The language the person chose, else the site's default (zh-hans)."""
    codes = {code for code, _name in settings.LANGUAGES}
    language = (getattr(user, "language", "") or "").lower()
    return language if language in codes else settings.LANGUAGE_CODE


def absolute_url(path: str) -> str:
    if not path:
        return ""
    if path.startswith("/"):
        return settings.SITE_URL + path
    return path if path.startswith(("http://", "https://")) else ""


def render_text(template_name: str, context: dict[str, Any]) -> str:
    """A template rendered as plain text (no HTML escaping): e-mail subjects and text parts are text, so
    ``A&B`` stays ``A&B``."""
    template = get_template(template_name).template  # type: ignore[attr-defined]
    return template.render(Context(context, autoescape=False))


def notification_email(notification: Notification) -> EmailMultiAlternatives:
    recipient = notification.recipient
    with translation.override(recipient_language(recipient)):
        try:
            kind_label = str(get_notification_kind(notification.kind).label)
        except LookupError:
            kind_label = notification.kind
        context = {
            "notification": notification,
            "recipient": recipient,
            "kind_label": kind_label,
            "link": absolute_url(notification.link),
            "inbox_url": absolute_url(reverse("notifications:inbox")),
            "preferences_url": absolute_url(reverse("notifications:preferences")),
            "company_name": company_profile().legal_name,  # signs the e-mail, when the profile is filled
        }
        subject = render_text("notifications/email/subject.txt", context)
        text = render_text("notifications/email/message.txt", context)
        html = render_to_string("notifications/email/message.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, to=[recipient.email], from_email=None
    )
    message.attach_alternative(html, "text/html")
    return message
