"""Receipts uploaded with a payment: an image (PNG, JPEG, GIF, WebP) or a PDF, told by its first bytes, at most
10 MB. A refusal names the field so the form shows it beside the upload."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from atrium.core.errors import ValidationFailed
from atrium.core.image_files import image_kind, upload_size

MAX_RECEIPT = 10 * 1024 * 1024


def check_receipt(upload: Any) -> Any:
    """The upload with its checked ``content_type``, or None when nothing was sent."""
    if upload is None:
        return None
    if upload_size(upload) > MAX_RECEIPT:
        raise ValidationFailed({"receipt": [_("The receipt is larger than 10 MB.")]})
    kind = image_kind(upload)
    if kind is None:
        upload.seek(0)
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise ValidationFailed(
                {"receipt": [_("The receipt must be an image (PNG, JPEG, GIF, WebP) or a PDF.")]}
            )
        kind = ("application/pdf", "pdf")
    upload.content_type = kind[0]
    return upload
