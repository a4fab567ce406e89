"""Which kind of file an upload is, and the ``Table`` over it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from atrium.core.errors import ServiceError
from atrium.core.exports import is_export_stamp

MAX_COLUMNS = 200
SNIFF_BYTES = 64 * 1024
HEADER_LINES = 100  # the header is the first non-empty row among these
QUICK_CELLS = 200_000  # what a page may read of a sheet (header, preview): cells, empty ones included

_XLSX_MAGIC = b"PK\x03\x04"
_OTHER_MAGIC = {
    b"\xd0\xcf\x11\xe0": _("Old Excel (.xls) files cannot be read: save the sheet as .xlsx or CSV first."),
    b"%PDF": _("This is a PDF file, not a CSV or Excel (.xlsx) file."),
    b"\x89PNG": _("This is an image, not a CSV or Excel (.xlsx) file."),
    b"\xff\xd8\xff": _("This is an image, not a CSV or Excel (.xlsx) file."),
    b"GIF8": _("This is an image, not a CSV or Excel (.xlsx) file."),
    b"\x1f\x8b": _("This is a compressed archive, not a CSV or Excel (.xlsx) file."),
    b"Rar!": _("This is a compressed archive, not a CSV or Excel (.xlsx) file."),
    b"7z\xbc\xaf": _("This is a compressed archive, not a CSV or Excel (.xlsx) file."),
}


class ImportFileError(ServiceError):
    """The file as a whole cannot be imported (empty, binary, too large, unreadable): nothing is imported."""

    code = "import_file"


@dataclass
class Table:
    """A file's rows. ``rows()`` may be called again for another pass; each call reads the file afresh."""

    path: Path
    format: str  # "csv" or "xlsx"
    encoding: str  # "utf-8", "utf-8-sig", "gb18030" or "" for XLSX
    delimiter: str
    header: list[str]
    header_line: int

    def rows(self, last_line: int | None = None) -> Iterator[tuple[int, list[str]]]:
        """(line, cells) of every non-empty row after the header. With ``last_line`` (a page's preview) the
        reading stops at that line, or earlier when the sheet's cells pass what a page may read."""
        source = _source_rows(self, quick=last_line is not None)
        for line, cells in source:
            if last_line is not None and line > last_line:
                return
            if line <= self.header_line:
                continue
            if len(cells) > MAX_COLUMNS:
                raise too_many_columns(len(cells), line)
            yield line, cells


def max_bytes() -> int:
    return int(getattr(settings, "ATRIUM_IMPORT_MAX_BYTES", 100 * 1024 * 1024))


def size_error(size: int) -> ImportFileError:
    return ImportFileError(
        _("The file is %(size)s; files of at most %(limit)s can be imported.")
        % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes())}
    )


def check_size(size: int | None) -> None:
    """Refuse a file over the configured limit, or an empty one (before reading it)."""
    if size is not None and size > max_bytes():
        raise size_error(size)
    if size == 0:
        raise ImportFileError(_("The file is empty."))


def too_many_columns(count: int, line: int) -> ImportFileError:
    return ImportFileError(
        _("Line %(line)d has %(count)d columns; at most %(limit)d can be imported.")
        % {"line": line, "count": count, "limit": MAX_COLUMNS}
    )


def _file_format(path: Path, filename: str) -> str:
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head:
        raise ImportFileError(_("The file is empty."))
    if head.startswith(_XLSX_MAGIC):
        return "xlsx"
    for magic, message in _OTHER_MAGIC.items():
        if head.startswith(magic):
            raise ImportFileError(message)
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise ImportFileError(_("This file is not a valid Excel (.xlsx) file."))
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "csv"  # UTF-16 text with its byte order mark (Excel's "Unicode text"): judged by its encoding
    if b"\x00" in head:
        raise ImportFileError(_("This is a binary file, not a CSV or Excel (.xlsx) file."))
    return "csv"


def _source_rows(table: Table, quick: bool) -> Iterator[tuple[int, list[str]]]:
    if table.format == "xlsx":
        from atrium.imports.readers.xlsx_files import xlsx_rows

        return xlsx_rows(table.path, max_cells=QUICK_CELLS if quick else None, stop_at_budget=quick)
    from atrium.imports.readers.csv_files import csv_rows

    return csv_rows(table.path, table.encoding, table.delimiter)


def _first_row(rows: Iterator[tuple[int, list[str]]]) -> tuple[int, list[str]]:
    """The header: the first non-empty row, after an export's stamp line (who exported it, when)."""
    for line, cells in rows:
        if line > HEADER_LINES:
            break
        if is_export_stamp(cells):
            continue
        if len(cells) > MAX_COLUMNS:
            raise too_many_columns(len(cells), line)
        return line, cells
    raise ImportFileError(
        _("The file has no rows (the header must be among the first %(count)d lines).")
        % {"count": HEADER_LINES}
    )


def open_table(path: str | os.PathLike, filename: str = "", *, quick: bool = False) -> Table:
    """Check the file and read its header; ImportFileError when it cannot be imported. ``quick`` (on a web
    thread): a bounded amount of the file is read — a CSV's encoding is judged on its beginning, and the
    whole file is checked again by the worker that imports it."""
    file_path = Path(path)
    check_size(file_path.stat().st_size)
    kind = _file_format(file_path, filename or file_path.name)
    if kind == "xlsx":
        from atrium.imports.readers.xlsx_files import xlsx_rows

        line, header = _first_row(xlsx_rows(file_path, max_cells=QUICK_CELLS))
        return Table(file_path, "xlsx", "", "", header, line)
    from atrium.imports.readers.csv_files import csv_rows, detect_encoding, sniff_delimiter

    encoding = detect_encoding(file_path, sample=quick)
    delimiter = sniff_delimiter(file_path, encoding)
    line, header = _first_row(csv_rows(file_path, encoding, delimiter))
    return Table(file_path, "csv", encoding, delimiter, header, line)


def estimate_rows(table: Table) -> int:
    """About how many data rows the table has (for a progress bar), without parsing it: line breaks of a CSV,
    the declared size of a sheet."""
    if table.format == "xlsx":
        from atrium.imports.readers.xlsx_files import declared_rows

        return max(0, declared_rows(table.path) - table.header_line)
    count = 0
    newline = b"\n\x00" if table.encoding == "utf-16" else b"\n"  # about right for either byte order
    with table.path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            count += chunk.count(newline)
    return max(0, count + 1 - table.header_line)
