"""Checks of what a person sends: the text, and the screenshot by its content (``core.image_files``: the first
bytes of PNG, JPEG, GIF and WebP files), with a size limit."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from atrium.core.image_files import image_kind, upload_size
from atrium.feedback.models import ANSWER_MAX, TEXT_MAX

SCREENSHOT_MAX_BYTES = 5 * 1024 * 1024


def cleaned_text(value: Any, *, field: str, limit: int, required: bool, errors: dict[str, list[str]]) -> str:
    text = (value or "").strip() if isinstance(value, str) else ""
    if required and not text:
        errors[field] = [_("Write what you want to tell us.") if field == "text" else _("Write the answer.")]
    elif len(text) > limit:
        errors[field] = [
            _("At most %(limit)d characters (now %(count)d).") % {"limit": limit, "count": len(text)}
        ]
    return text


def feedback_text(value: Any, errors: dict[str, list[str]]) -> str:
    return cleaned_text(value, field="text", limit=TEXT_MAX, required=True, errors=errors)


def answer_text(value: Any, errors: dict[str, list[str]], *, required: bool) -> str:
    return cleaned_text(value, field="answer", limit=ANSWER_MAX, required=required, errors=errors)


def image_type(upload: Any, errors: dict[str, list[str]]) -> tuple[str, str] | None:
    """(content type, extension) of an uploaded screenshot, or None with a message in ``errors``."""
    size = upload_size(upload)
    if size == 0:
        errors["screenshot"] = [_("The screenshot is empty.")]
        return None
    if size > SCREENSHOT_MAX_BYTES:
        errors["screenshot"] = [
            _("The screenshot is too large (%(size)s MB); at most %(limit)s MB.")
            % {"size": f"{size / 1024 / 1024:.1f}", "limit": SCREENSHOT_MAX_BYTES // 1024 // 1024}
        ]
        return None
    found = image_kind(upload)
    if found is not None:
        return found
    errors["screenshot"] = [_("This file is not an image: attach a PNG, JPEG, GIF or WebP screenshot.")]
    return None
