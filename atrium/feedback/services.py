"""Writes of feedback: a person sends one (text, type, optional screenshot stored through the storage API); an
admin sets its status and answers. Through ``core.writes`` (access, version, audit, event); the answer's notice
is a subscriber of ``feedback.answered`` (``notices.py``)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atrium.core.access import require
from atrium.core.actors import Actor, actor_id, person
from atrium.core.errors import ValidationFailed
from atrium.core.events import emit
from atrium.core.writes import WriteSpec, record_create, record_update
from atrium.feedback import events  # noqa: F401  (declares the events emitted here)
from atrium.feedback.models import Feedback
from atrium.feedback.validation import answer_text, feedback_text, image_type

SPEC = WriteSpec(kind="feedback", audited=("category", "text", "page", "status", "answer"), indexed=False)


def _category(value: Any, errors: dict[str, list[str]]) -> str:
    if value in Feedback.Category.values:
        return str(value)
    errors["category"] = [_("Choose a suggestion or a problem.")]
    return ""


def feedback_create(
    *, actor: Actor, category: Any, text: Any, screenshot: Any = None, page: Any = ""
) -> Feedback:
    """A suggestion or problem from ``actor``; nothing is stored (no file either) when anything is wrong."""
    require(actor, "feedback", "create")
    errors: dict[str, list[str]] = {}
    cleaned = feedback_text(text, errors)
    kind = _category(category, errors)
    found = image_type(screenshot, errors) if screenshot else None
    if errors:
        raise ValidationFailed(errors)
    record = Feedback(owner=person(actor), category=kind, text=cleaned, page=str(page or "")[:300])
    with transaction.atomic():
        if found is not None:
            content_type, extension = found
            record.screenshot.save(f"{uuid.uuid4().hex}.{extension}", screenshot, save=False)
            record.screenshot_type = content_type
        try:
            return record_create(actor=actor, spec=SPEC, record=record)
        except Exception:
            if record.screenshot:
                record.screenshot.delete(save=False)  # the row is not written: neither is its file kept
            raise


def feedback_answer(*, actor: Actor, feedback: Any, status: Any, answer: Any, version: Any) -> Feedback:
    """Set the status and the answer (edit right: admins). Answering needs an answer; a new or changed
    answer tells the sender (``feedback.answered``)."""
    errors: dict[str, list[str]] = {}
    if status not in Feedback.Status.values:
        errors["status"] = [_("Choose a status.")]
    cleaned = answer_text(answer, errors, required=status == Feedback.Status.ANSWERED)
    with record_update(actor=actor, spec=SPEC, record=feedback, version=version) as change:
        if errors:
            raise ValidationFailed(errors)
        record = change.record
        answered = bool(cleaned) and cleaned != record.answer
        change.set({"status": status, "answer": cleaned})
        if answered:
            change.set({"answered_by": person(actor), "answered_at": timezone.now()})
            emit(
                "feedback.answered",
                feedback_id=record.pk,
                actor_id=actor_id(actor),
                recipient_id=record.owner_id,
            )
    return change.record
