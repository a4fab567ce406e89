"""Blank files to fill in: the header row of a kind's import, in the reader's language (Chinese labels for a
Chinese screen), required columns marked with "*" (which the mapping ignores when it reads the header
back). The columns are the import spec's fields, so fields a kind adds later (custom fields) appear here
without an edit."""

from __future__ import annotations

import csv
import io

from atrium.core.exports import BOM
from atrium.imports.registry import ImportSpec

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template_header(spec: ImportSpec) -> list[str]:
    return [f"{field.label}*" if field.required else str(field.label) for field in spec.all_fields()]


def template_file(spec: ImportSpec, file_format: str) -> tuple[bytes, str, str]:
    """(content, content type, file name) of the template as CSV (UTF-8 with BOM) or XLSX."""
    header = template_header(spec)
    name = f"{spec.label}"
    if file_format == "xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Font

        workbook = Workbook()
        sheet = workbook.active
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            sheet.column_dimensions[cell.column_letter].width = max(12, 2 * len(str(cell.value)) + 2)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue(), XLSX_TYPE, f"{name}.xlsx"
    text = io.StringIO(newline="")
    csv.writer(text).writerow(header)
    return (BOM + text.getvalue()).encode("utf-8"), "text/csv; charset=utf-8", f"{name}.csv"
