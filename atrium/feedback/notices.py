"""Notifications of feedback, as a subscriber of ``feedback.answered`` (the service emits; it never notifies):
the sender learns, in their language, that their feedback was answered, with a link to it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from atrium.accounts.models import User
from atrium.core.events import subscribe
from atrium.feedback import events  # noqa: F401  (declares the events subscribed to here)
from atrium.feedback.models import Feedback
from atrium.notifications.email_messages import recipient_language
from atrium.notifications.registry import register_notification_kind
from atrium.notifications.services import notify

FEEDBACK_ANSWERED = "feedback.answered"

register_notification_kind(FEEDBACK_ANSWERED, gettext_lazy("Answers to your feedback"), default_email=True)


def tell_of_answer(*, feedback_id: int, actor_id: int | None, recipient_id: int, **_delivery: Any) -> None:
    feedback = Feedback.objects.filter(pk=feedback_id).first()
    recipient = User.objects.filter(pk=recipient_id).first()
    if feedback is None or recipient is None:
        return
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    with translation.override(recipient_language(recipient)):
        title = _("Your feedback “%(name)s” was answered") % {"name": str(feedback)}
    notify(
        recipients=[recipient.pk],
        kind=FEEDBACK_ANSWERED,
        title=title,
        body=feedback.answer,
        link=reverse("feedback:detail", args=[feedback.pk]),
        actor=actor,
    )


subscribe("feedback.answered", tell_of_answer)
