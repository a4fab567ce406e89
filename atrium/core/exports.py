"""Exporting lists to CSV and Excel, the same way for every list: streamed, UTF-8 with a BOM (so Excel on
Chinese Windows opens the CSV correctly), and safe against formula injection.

A cell whose text starts with ``= + - @`` (or a tab / carriage return) would be run as a formula by
spreadsheet programs; ``safe_cell`` neutralises it with a leading single quote. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"
_ROWS_PER_CHUNK = 500


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet cell: text that a spreadsheet would run as a formula gets a leading quote;
    numbers stay numbers; None becomes an empty cell; dates and times become local, readable text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float | decimal.Decimal):
        return value
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class _LineBuffer:
    """A file-like target for csv.writer that hands back what was written."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def take(self) -> str:
        text = "".join(self.parts)
        self.parts.clear()
        return text


def csv_chunks(rows: Iterable[Sequence[Any]], header: Sequence[Any]) -> Iterator[bytes]:
    """The CSV file in chunks of a few hundred rows: BOM and header first."""
    buffer = _LineBuffer()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in header])
    yield (BOM + buffer.take()).encode("utf-8")
    pending = 0
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
        pending += 1
        if pending >= _ROWS_PER_CHUNK:
            yield buffer.take().encode("utf-8")
            pending = 0
    if pending:
        yield buffer.take().encode("utf-8")


def _attachment(filename: str) -> str:
    from urllib.parse import quote

    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def stream_csv(
    rows: Iterable[Sequence[Any]], header: Sequence[Any], filename: str = "export.csv"
) -> StreamingHttpResponse:
    """A streamed CSV download; ``rows`` is consumed lazily (pass a queryset ``iterator()``). The web server
    reads the chunks on the request's own thread, where the database cursor lives (core.pooled_http)."""
    response = StreamingHttpResponse(csv_chunks(rows, header), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = _attachment(filename)
    return response


def write_xlsx(
    rows: Iterable[Sequence[Any]],
    header: Sequence[Any],
    filename: str = "export.xlsx",
    sheet_title: str = "Sheet1",
) -> FileResponse:
    """An Excel download written row by row (openpyxl write-only mode) to a temporary file, then sent from it;
    the temporary file disappears when the response closes it."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31] or "Sheet1")
    sheet.append([safe_cell(h) for h in header])
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    target = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (FileResponse closes it, which deletes it)
    workbook.save(target)
    target.seek(0)
    response = FileResponse(target, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = _attachment(filename)
    return response
