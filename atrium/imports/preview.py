"""The job page's preview: the first rows of the file through the chosen mapping, each checked by the kind's
own row checker (the rules the import applies), so bad rows and cells are marked with their reason before
导入 is pressed. Only a bounded part of the file is read (this runs on a web thread)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from atrium.imports.engine import ImportOptions
from atrium.imports.mapping import ColumnMapping, check_mapping
from atrium.imports.models import ImportJob
from atrium.imports.registry import ImportSpec, SourceRow


@dataclass
class PreviewCell:
    text: str
    problem: str = ""
    hint: str = ""


@dataclass
class PreviewRow:
    line: int
    cells: list[PreviewCell]
    problems: list[str] = field(default_factory=list)  # "column: reason" for the row
    hints: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def checked_preview(
    job: ImportJob, spec: ImportSpec, mapping: ColumnMapping, raw: list[tuple[int, list[str]]]
) -> list[PreviewRow]:
    """Rows of ``raw`` (line, cells) restricted to the mapped columns, marked by the checker."""
    mapped = sorted(p for p in mapping if p < len(job.header))
    rows = [
        PreviewRow(line, [PreviewCell(cells[p] if p < len(cells) else "") for p in mapped])
        for line, cells in raw
    ]
    if not raw or check_mapping(spec, job.header, mapping):
        return rows
    options = ImportOptions(**job.options) if job.options else ImportOptions()
    checker = spec.make_checker(job.created_by, options)
    sources = [
        SourceRow(line, {key: cells[p] if p < len(cells) else "" for p, key in mapping.items()})
        for line, cells in raw
    ]
    column_of_key = {key: mapped.index(p) for p, key in mapping.items() if p in mapped}
    for row, checked, (_line, cells) in zip(rows, checker.check_batch(sources), raw, strict=True):
        if len(cells) > len(job.header):
            row.problems.append(str(_extra_cells_reason(len(cells), len(job.header))))
        _mark(row, checked.problems, column_of_key, job.header, mapping, "problem")
        _mark(row, checked.hints, column_of_key, job.header, mapping, "hint")
    return rows


def _mark(
    row: PreviewRow,
    found: list[tuple[str, str]],
    column_of_key: dict[str, int],
    header: list[str],
    mapping: ColumnMapping,
    what: str,
) -> None:
    header_of_key = {key: header[p] for p, key in mapping.items() if p < len(header)}
    for key, reason in found:
        target = row.problems if what == "problem" else row.hints
        target.append(f"{header_of_key[key]}: {reason}" if key in header_of_key else reason)
        index = column_of_key.get(key)
        if index is not None:
            cell = row.cells[index]
            setattr(cell, what, " ".join(filter(None, [getattr(cell, what), reason])))


def _extra_cells_reason(count: int, width: int) -> Any:
    from django.utils.translation import gettext as _

    return _("The row has %(count)d cells but the header has %(width)d columns.") % {
        "count": count,
        "width": width,
    }
