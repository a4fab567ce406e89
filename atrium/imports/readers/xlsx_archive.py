"""An XLSX file is a zip archive: before anything of it is unpacked, its central directory (the sizes each
member declares) is checked against the limits, so that a small file that unpacks to gigabytes (a "zip
bomb") is refused at once. Python's zip reader never returns more than a member declares, so the declared
sizes bound what the reader will read."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from atrium.imports.readers.files import ImportFileError

MAX_MEMBERS = 2000
RATIO_CHECKED_FROM = 1024 * 1024  # members that unpack to less than this are not checked for their ratio


@dataclass(frozen=True)
class ArchiveLimits:
    unpacked_bytes: int  # all members together
    ratio: int  # unpacked / packed, for each member of at least RATIO_CHECKED_FROM bytes
    shared_strings_bytes: int  # the shared strings are held in memory while a sheet is read
    cells: int  # cells (empty ones included) read from a sheet in one pass

    @classmethod
    def configured(cls) -> ArchiveLimits:
        return cls(
            unpacked_bytes=int(getattr(settings, "ATRIUM_IMPORT_MAX_UNPACKED_BYTES", 1024**3)),
            ratio=int(getattr(settings, "ATRIUM_IMPORT_MAX_ZIP_RATIO", 100)),
            shared_strings_bytes=int(
                getattr(settings, "ATRIUM_IMPORT_MAX_SHARED_STRINGS_BYTES", 64 * 1024**2)
            ),
            cells=int(getattr(settings, "ATRIUM_IMPORT_MAX_CELLS", 30_000_000)),
        )


def _bomb_error() -> ImportFileError:
    return ImportFileError(
        _(
            "This Excel file unpacks to far more data than its size suggests and is refused. "
            "Save the sheet again (or as CSV) and upload that file."
        )
    )


def _too_big_error(unpacked: int, limit: int) -> ImportFileError:
    return ImportFileError(
        _(
            "This Excel file unpacks to %(size)s; at most %(limit)s can be imported. "
            "Split it into smaller files or save it as CSV."
        )
        % {"size": filesizeformat(unpacked), "limit": filesizeformat(limit)}
    )


def open_checked_archive(path: Path, limits: ArchiveLimits | None = None) -> zipfile.ZipFile:
    """The archive, opened, when its declared sizes are within the limits; ImportFileError otherwise."""
    limits = limits or ArchiveLimits.configured()
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ImportFileError(_("This file is not a valid Excel (.xlsx) file.")) from exc
    try:
        check_archive(archive, limits)
    except BaseException:
        archive.close()
        raise
    return archive


def check_archive(archive: zipfile.ZipFile, limits: ArchiveLimits) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise _bomb_error()
    unpacked = 0
    for member in members:
        unpacked += member.file_size
        packed = max(member.compress_size, 1)
        if member.file_size >= RATIO_CHECKED_FROM and member.file_size > limits.ratio * packed:
            raise _bomb_error()
        if member.filename.lower().endswith("sharedstrings.xml") and (
            member.file_size > limits.shared_strings_bytes
        ):
            raise ImportFileError(
                _(
                    "The sheet's texts take %(size)s once unpacked; at most %(limit)s can be read. "
                    "Save the sheet as CSV and import that file."
                )
                % {
                    "size": filesizeformat(member.file_size),
                    "limit": filesizeformat(limits.shared_strings_bytes),
                }
            )
    if unpacked > limits.unpacked_bytes:
        raise _too_big_error(unpacked, limits.unpacked_bytes)
