"""Uploaded images told by their content (no image library is installed): the first bytes of PNG, JPEG, GIF and
WebP files, and the size. Feedback screenshots and the company's logo and seal are checked here; each caller
words its own messages ("the screenshot …", "the logo …")."""

from __future__ import annotations

from typing import Any

# (content type, file extension, test of the first bytes)
IMAGE_TYPES: tuple[tuple[str, str, Any], ...] = (
    ("image/png", "png", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    ("image/jpeg", "jpg", lambda head: head.startswith(b"\xff\xd8\xff")),
    ("image/gif", "gif", lambda head: head[:6] in (b"GIF87a", b"GIF89a")),
    ("image/webp", "webp", lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP"),
)
IMAGE_ACCEPT = "image/png,image/jpeg,image/gif,image/webp"


def upload_size(upload: Any) -> int:
    return int(getattr(upload, "size", None) or 0)


def image_kind(upload: Any) -> tuple[str, str] | None:
    """(content type, extension) of the uploaded file by its first bytes, or None when it is not an image of
    the four types. The file is left at its start."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for content_type, extension, matches in IMAGE_TYPES:
        if matches(head):
            return content_type, extension
    return None
