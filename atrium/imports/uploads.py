"""Refusing an oversized upload before its body is read: by its Content-Length, and — for a request that
does not announce one — by stopping the upload once it passes the limit."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest

from atrium.imports.readers.files import max_bytes

MULTIPART_SLACK = 64 * 1024  # form fields and multipart boundaries around the file


class SizeLimitedUploadHandler(FileUploadHandler):
    """Placed first among the upload handlers: stops reading once a file passes the import limit."""

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > max_bytes():
            self.request.import_upload_too_large = True  # type: ignore[union-attr]
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> Any:
        return None


def announced_too_large(request: HttpRequest) -> int | None:
    """The announced body size when it is over the limit, else None."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    return length if length > max_bytes() + MULTIPART_SLACK else None


def limit_uploads(request: HttpRequest) -> None:
    request.upload_handlers.insert(0, SizeLimitedUploadHandler(request))
