"""XLSX through openpyxl's read-only (streaming) mode: the first sheet, values (not formulas) as text."""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from atrium.imports.readers.files import MAX_COLUMNS, ImportFileError, too_many_columns


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


def _open_sheet(path: Path) -> Any:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise ImportFileError(_("This file is not a valid Excel (.xlsx) file.")) from exc
    except Exception as exc:  # openpyxl raises its own errors for damaged or foreign archives
        raise ImportFileError(_("This file is not a valid Excel (.xlsx) file.")) from exc
    return workbook


def xlsx_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of every row of the first sheet that has a non-blank cell."""
    workbook = _open_sheet(path)
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise ImportFileError(_("The workbook has no sheet."))
        sheet.reset_dimensions()  # ignore a declared size: read only the cells that exist
        try:
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                if len(values) > MAX_COLUMNS and any(v not in (None, "") for v in values[MAX_COLUMNS:]):
                    raise too_many_columns(len(values), number)
                cells = [cell_text(v) for v in values[:MAX_COLUMNS]]
                while cells and not cells[-1]:
                    cells.pop()
                if cells:
                    yield number, cells
        except ImportFileError:
            raise
        except Exception as exc:
            raise ImportFileError(_("This file is not a valid Excel (.xlsx) file.")) from exc
    finally:
        workbook.close()
