"""Exporting lists to CSV and Excel, the same way for every list: streamed, UTF-8 with a BOM (so Excel on
Chinese Windows opens the CSV correctly), and safe against formula injection.

Every list export says who made it and when (a deterrent firms ask for): a first line such as
``导出人：李明（sales1） 导出时间：2026-12-02 21:05（北京时间）`` above the header, and in a workbook also its
document properties (creator, created). Importers skip that line (``is_export_stamp``), so an exported file
imports again as it is.

A cell whose text starts with ``= + - @`` (or a tab / carriage return) would be run as a formula by
spreadsheet programs; ``safe_cell`` neutralises it with a leading single quote. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"
_ROWS_PER_CHUNK = 500
# How a stamp line starts, in each language the product speaks (see ``export_stamp``).
STAMP_STARTS = ("导出人：", "Exported by: ")


@dataclass(frozen=True)
class ExportStamp:
    """Who exported and when: the first line of the file and the workbook's properties."""

    text: str
    creator: str
    created: datetime.datetime


def export_stamp(user: Any, at: datetime.datetime | None = None) -> ExportStamp:
    """The stamp of an export by ``user`` now (in the active language, local time of the site)."""
    at = at or timezone.now()
    local = timezone.localtime(at)
    zone = str(timezone.get_current_timezone())
    zone_text = _("Beijing time") if zone in ("Asia/Shanghai", "Asia/Chongqing", "PRC") else zone
    name = str(getattr(user, "name", "") or user)
    username = user.get_username() if hasattr(user, "get_username") else ""
    person = _("%(name)s (%(username)s)") % {"name": name, "username": username} if username else name
    text = _("Exported by: %(person)s Exported at: %(time)s (%(zone)s)") % {
        "person": person,
        "time": local.strftime("%Y-%m-%d %H:%M"),
        "zone": zone_text,
    }
    return ExportStamp(text=text, creator=person, created=at)


def is_export_stamp(cells: Sequence[Any]) -> bool:
    """Whether a row is an export's stamp line: one filled cell that starts like one."""
    filled = [str(cell).strip() for cell in cells if str(cell or "").strip()]
    return len(filled) == 1 and filled[0].lstrip("\ufeff").startswith(STAMP_STARTS)


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


def csv_chunks(
    rows: Iterable[Sequence[Any]], header: Sequence[Any], stamp: ExportStamp | None = None
) -> Iterator[bytes]:
    """The CSV file in chunks of a few hundred rows: BOM, the stamp line and the header first."""
    buffer = _LineBuffer()
    writer = csv.writer(buffer)
    if stamp is not None:
        writer.writerow([safe_cell(stamp.text)])
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
    rows: Iterable[Sequence[Any]],
    header: Sequence[Any],
    filename: str = "export.csv",
    stamp: ExportStamp | None = None,
) -> StreamingHttpResponse:
    """A streamed CSV download; ``rows`` is consumed lazily (pass a queryset ``iterator()``). The web server
    reads the chunks on the request's own thread, where the database cursor lives (core.pooled_http)."""
    response = StreamingHttpResponse(csv_chunks(rows, header, stamp), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = _attachment(filename)
    return response


def write_xlsx(
    rows: Iterable[Sequence[Any]],
    header: Sequence[Any],
    filename: str = "export.xlsx",
    sheet_title: str = "Sheet1",
    stamp: ExportStamp | None = None,
) -> FileResponse:
    """An Excel download written row by row (openpyxl write-only mode) to a temporary file, then sent from it;
    the temporary file disappears when the response closes it."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31] or "Sheet1")
    if stamp is not None:
        workbook.properties.creator = stamp.creator
        workbook.properties.lastModifiedBy = stamp.creator
        workbook.properties.created = stamp.created.astimezone(datetime.UTC).replace(tzinfo=None)
        workbook.properties.title = stamp.text
        sheet.append([safe_cell(stamp.text)])
    sheet.append([safe_cell(h) for h in header])
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    target = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (FileResponse closes it, which deletes it)
    workbook.save(target)
    target.seek(0)
    response = FileResponse(target, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = _attachment(filename)
    return response
