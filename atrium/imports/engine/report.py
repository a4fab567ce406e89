"""The problems of an import: each bad row by line, column and reason. All of them go to the report file
(CSV, UTF-8 with BOM, formula-safe); the first few hundred stay in memory for the page and the command."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from atrium.core.exports import BOM, safe_cell
from atrium.imports.registry import RowProblem

KEPT_IN_MEMORY = 200


class ProblemReport:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.kept: list[RowProblem] = []
        self.hints: list[RowProblem] = []
        self.count = 0
        self.bad_lines = 0
        self._handle: IO[str] | None = None
        self._writer: Any = None
        self._last_line = -1

    def __enter__(self) -> ProblemReport:
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("w", encoding="utf-8", newline="")
            self._handle.write(BOM)
            self._writer = csv.writer(self._handle)
            self._writer.writerow([_("Line"), _("Column"), _("Reason")])
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._handle is not None:
            self._handle.close()

    def add(self, problem: RowProblem) -> None:
        self.count += 1
        if problem.line != self._last_line:
            self.bad_lines += 1
            self._last_line = problem.line
        if len(self.kept) < KEPT_IN_MEMORY:
            self.kept.append(problem)
        if self._writer is not None:
            self._writer.writerow([problem.line, safe_cell(problem.column), safe_cell(problem.reason)])

    def add_hint(self, hint: RowProblem) -> None:
        if len(self.hints) < KEPT_IN_MEMORY:
            self.hints.append(hint)
        if self._writer is not None:
            reason = _("Hint: %(reason)s") % {"reason": hint.reason}
            self._writer.writerow([hint.line, safe_cell(hint.column), safe_cell(reason)])

    @property
    def written_anything(self) -> bool:
        return bool(self.count or self.hints)

    def restart(self) -> None:
        """Forget what was kept (the write pass reports again what it finds)."""
        self.kept.clear()
        self.hints.clear()
        self.count = self.bad_lines = 0
        self._last_line = -1
        if self._handle is not None:
            self._handle.seek(0)
            self._handle.truncate()
            self._handle.write(BOM)
            self._writer.writerow([_("Line"), _("Column"), _("Reason")])
