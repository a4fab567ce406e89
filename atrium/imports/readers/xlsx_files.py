"""XLSX: the first sheet's values (not formulas) as text, streamed by our own expat reader rather than
openpyxl's. The archive's declared sizes are checked first (``xlsx_archive``); then the sheet is read a
chunk at a time with a budget of rows and cells, so memory stays flat whatever the sheet holds: at most
``MAX_COLUMNS`` cells of one row are kept, and a sheet with more cells than the budget is refused."""

from __future__ import annotations

import datetime
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.parsers import expat

from django.utils.translation import gettext_lazy as _

from atrium.imports.readers.files import MAX_COLUMNS, ImportFileError, too_many_columns
from atrium.imports.readers.xlsx_archive import ArchiveLimits, open_checked_archive
from atrium.imports.readers.xlsx_parts import (
    CHUNK_BYTES,
    Workbook,
    invalid_file,
    local,
    make_parser,
    read_workbook,
)

EXCEL_MAX_ROWS = 1_048_576
_REFERENCE = re.compile(r"([A-Za-z]{1,3})(\d*)")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]+\d+:[A-Z]+(\d+)\"")


def cell_text(value: Any) -> str:
    """A cell as the text a person typed: whole numbers without ".0" (phone numbers), dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value).strip()


def _column_index(reference: str) -> int | None:
    match = _REFERENCE.match(reference)
    if not match:
        return None
    index = 0
    for letter in match.group(1).upper():
        index = index * 26 + ord(letter) - 64
    return index - 1


def _number(text: str) -> int | float:
    text = text.strip()
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


def cells_error(limit: int) -> ImportFileError:
    return ImportFileError(
        _(
            "The sheet has more than %(limit)s cells (empty ones included); this is more than can be "
            "imported at once. Delete the unused rows and columns, or split the file."
        )
        % {"limit": f"{limit:,}"}
    )


class _SheetReader:
    """expat handlers that turn ``<row>``/``<c>`` elements into (row number, cells)."""

    def __init__(self, workbook: Workbook, max_cells: int) -> None:
        self.workbook, self.max_cells = workbook, max_cells
        self.epoch = datetime.datetime(1904, 1, 1) if workbook.date1904 else None
        self.ready: list[tuple[int, list[str]]] = []
        self.row_number = 0
        self.row: dict[int, str] = {}
        self.column = -1
        self.kind, self.style, self.seen = "n", -1, 0
        self.value: list[str] = []
        self.collecting = False
        self.phonetic = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = local(name)
        if tag == "c":
            self.seen += 1
            if self.seen > self.max_cells:
                raise cells_error(self.max_cells)
            position = _column_index(attrs.get("r", ""))
            self.column = position if position is not None else self.column + 1
            self.kind = attrs.get("t", "n")
            self.style = int(attrs["s"]) if attrs.get("s", "").isdigit() else -1
            self.value.clear()
        elif tag == "v" or (tag == "t" and not self.phonetic):
            self.collecting = True
        elif tag == "rPh":
            self.phonetic += 1
        elif tag == "row":
            self.seen += 1
            if self.seen > self.max_cells:
                raise cells_error(self.max_cells)
            number = attrs.get("r", "")
            self.row_number = int(number) if number.isdigit() else self.row_number + 1
            if self.row_number > EXCEL_MAX_ROWS:
                raise invalid_file()
            self.row, self.column = {}, -1

    def end(self, name: str) -> None:
        tag = local(name)
        if tag in ("v", "t"):
            self.collecting = False
        elif tag == "rPh":
            self.phonetic -= 1
        elif tag == "c":
            text = self._cell()
            if text:
                if self.column >= MAX_COLUMNS:
                    raise too_many_columns(self.column + 1, self.row_number)
                self.row[self.column] = text
        elif tag == "row" and self.row:
            cells = [self.row.get(i, "") for i in range(max(self.row) + 1)]
            self.ready.append((self.row_number, cells))

    def text(self, data: str) -> None:
        if self.collecting:
            self.value.append(data)

    def _cell(self) -> str:
        raw = "".join(self.value)
        if self.kind == "s":
            try:
                return cell_text(self.workbook.strings[int(raw)])
            except (ValueError, IndexError):
                raise invalid_file() from None
        if self.kind == "b":
            return cell_text(raw.strip() in ("1", "true"))
        if self.kind in ("str", "inlineStr", "e"):
            return raw.strip()
        if self.kind == "d":
            return cell_text(_iso_date(raw))
        if not raw.strip():
            return ""
        try:
            number = _number(raw)
        except ValueError:
            raise invalid_file() from None
        if self.style in self.workbook.date_styles:
            return cell_text(_excel_date(number, self.epoch))
        return cell_text(number)


def _iso_date(raw: str) -> Any:
    from openpyxl.utils.datetime import from_ISO8601

    try:
        return from_ISO8601(raw.strip())
    except (ValueError, TypeError):
        return raw.strip()


def _excel_date(number: float, epoch: datetime.datetime | None) -> Any:
    from openpyxl.utils.datetime import WINDOWS_EPOCH, from_excel

    try:
        return from_excel(number, epoch or WINDOWS_EPOCH)
    except (OverflowError, ValueError):
        return number


def xlsx_rows(
    path: Path, max_cells: int | None = None, stop_at_budget: bool = False
) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of every row of the first sheet that has a non-blank cell; at most ``max_cells``
    cells and rows (empty ones included) are read before the sheet is refused (default: the import limit)
    — or, with ``stop_at_budget`` (a preview), before the reading just stops."""
    limits = ArchiveLimits.configured()
    archive = open_checked_archive(path, limits)
    try:
        workbook = read_workbook(archive)
        reader = _SheetReader(workbook, max_cells if max_cells is not None else limits.cells)
        parser = make_parser()
        parser.StartElementHandler = reader.start
        parser.EndElementHandler = reader.end
        parser.CharacterDataHandler = reader.text
        try:
            with archive.open(workbook.sheet) as stream:
                while True:
                    chunk = stream.read(CHUNK_BYTES)
                    try:
                        parser.Parse(chunk, not chunk)
                    except ImportFileError:
                        if not (stop_at_budget and reader.seen > reader.max_cells):
                            raise
                        chunk = b""
                    yield from reader.ready
                    reader.ready.clear()
                    if not chunk:
                        return
        except (expat.ExpatError, zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise invalid_file() from exc
    finally:
        archive.close()


def declared_rows(path: Path) -> int:
    """The row count the first sheet declares (its ``dimension``), 0 when it declares none."""
    archive = open_checked_archive(path)
    try:
        workbook = read_workbook(archive)
        with archive.open(workbook.sheet) as stream:
            head = stream.read(CHUNK_BYTES)
    finally:
        archive.close()
    match = _DIMENSION.search(head)
    return int(match.group(1)) if match else 0
