"""Running an import: one streaming pass in ONE transaction — each batch is validated, then written with its
log rows and search index entries, and the import's own log row comes last. A crash (or a kill) mid-import
therefore leaves nothing written, and the job can simply be run again.

All or nothing (the default): from the first invalid row on nothing more is written, every further row is
still checked, and the transaction is rolled back: nothing is imported and the report lists every bad row.
``skip_invalid``: the valid rows are written and the report lists the others. ``update_by`` names a key field: a row whose key matches an existing record the
importer may edit updates it instead of creating a duplicate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from atrium.core.access import require
from atrium.core.audit import audit
from atrium.core.copy_pipeline import copy_pipeline
from atrium.core.gin_writes import bulk_gin_writes
from atrium.imports.engine.report import ProblemReport
from atrium.imports.mapping import ColumnMapping, require_usable_mapping
from atrium.imports.readers import Table
from atrium.imports.registry import CheckedRow, ImportSpec, RowProblem, SourceRow

BATCH_SIZE = 1000
Progress = Callable[[str, int, int, int], None]  # (phase "checking"/"writing", rows done, imported, updated)


@dataclass
class ImportOptions:
    update_by: str = ""
    skip_invalid: bool = False
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # unknown select values, mapped

    def as_dict(self) -> dict[str, Any]:
        return {"update_by": self.update_by, "skip_invalid": self.skip_invalid, "values": self.values}


@dataclass
class ImportOutcome:
    total: int = 0
    imported: int = 0
    updated: int = 0
    invalid: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    hints: list[RowProblem] = field(default_factory=list)
    written: bool = False

    @property
    def summary(self) -> str:
        return _("imported %(imported)d, updated %(updated)d, invalid %(invalid)d") % {
            "imported": self.imported,
            "updated": self.updated,
            "invalid": self.invalid,
        }


class _Rows:
    """The file's rows as ``SourceRow`` batches, through the column mapping."""

    def __init__(self, table: Table, mapping: ColumnMapping) -> None:
        self.table, self.mapping = table, mapping
        self.width = len(table.header)

    def batches(self, size: int) -> Iterator[list[tuple[SourceRow, list[tuple[str, str]]]]]:
        batch: list[tuple[SourceRow, list[tuple[str, str]]]] = []
        for line, cells in self.table.rows():
            values = {key: cells[pos] if pos < len(cells) else "" for pos, key in self.mapping.items()}
            extra = (
                []
                if len(cells) <= self.width
                else [
                    (
                        "",
                        _("The row has %(count)d cells but the header has %(width)d columns.")
                        % {"count": len(cells), "width": self.width},
                    )
                ]
            )
            batch.append((SourceRow(line, values), extra))
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch


class _Run:
    def __init__(
        self,
        actor: Any,
        spec: ImportSpec,
        table: Table,
        mapping: ColumnMapping,
        options: ImportOptions,
        report: ProblemReport,
        progress: Progress | None,
        batch_size: int,
    ):
        self.actor, self.spec, self.options = actor, spec, options
        self.rows = _Rows(table, mapping)
        self.report, self.progress, self.batch_size = report, progress, batch_size
        self.column_of = {key: table.header[pos] for pos, key in mapping.items()}
        self.outcome = ImportOutcome()

    def _checked(
        self, checker: Any, batch: list[tuple[SourceRow, list[tuple[str, str]]]]
    ) -> list[CheckedRow]:
        checked = checker.check_batch([source for source, _extra in batch])
        for row, (_source, extra) in zip(checked, batch, strict=True):
            row.problems[:0] = extra
            for key, reason in row.problems:
                self.report.add(RowProblem(row.line, self.column_of.get(key, key), reason))
            for key, reason in row.hints:
                self.report.add_hint(RowProblem(row.line, self.column_of.get(key, key), reason, hint=True))
        return checked

    def write(self) -> None:
        """Validate and write batch by batch; invalid rows are skipped (and reported); all or nothing: once
        a row is invalid, the rest is only checked."""
        from atrium.core.search import reindex

        checker = self.spec.make_checker(self.actor, self.options)
        writer = self.spec.make_writer(self.actor, self.options)
        outcome, done = self.outcome, 0
        # The rows go to the database from a second thread while the next batch is read and checked
        # (core.copy_pipeline: every query waits for what was handed over before it, so nothing changes).
        with bulk_gin_writes(), copy_pipeline():
            for batch in self.rows.batches(self.batch_size):
                done += self._write_batch(checker, writer, batch, reindex)
                if self.progress:
                    self.progress("writing", done, outcome.imported, outcome.updated)
        outcome.total = done
        outcome.written = bool(outcome.imported or outcome.updated)

    def _write_batch(self, checker: Any, writer: Any, batch: list, reindex: Callable) -> int:
        outcome = self.outcome
        checked = self._checked(checker, batch)
        good = [row for row in checked if row.ok]
        outcome.invalid += len(checked) - len(good)
        if good and (self.options.skip_invalid or not outcome.invalid):
            created, updated = writer.write_batch(good)
            reindex(self.spec.kind, updated if writer.indexes_created else [*created, *updated])
            outcome.imported += len(created)
            outcome.updated += len(updated)
        return len(batch)


def run_import(
    *,
    actor: Any,
    spec: ImportSpec,
    table: Table,
    mapping: ColumnMapping,
    options: ImportOptions | None = None,
    report_path: Path | None = None,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    file_label: str = "",
) -> ImportOutcome:
    """Import ``table`` as ``actor`` (who needs the import right on the kind). Raises Forbidden, or
    ImportFileError for a file that cannot be imported at all (nothing is written then)."""
    require(actor, spec.kind, "import")
    options = options or ImportOptions()
    if options.update_by and options.update_by not in spec.update_keys:
        from atrium.imports.readers import ImportFileError

        raise ImportFileError(
            _("Records cannot be updated by “%(field)s”; use one of: %(keys)s.")
            % {"field": options.update_by, "keys": ", ".join(spec.update_keys)}
        )
    require_usable_mapping(spec, table.header, mapping)
    with ProblemReport(report_path) as report:
        run = _Run(actor, spec, table, mapping, options, report, progress, batch_size)
        if progress:  # said before the transaction opens, so that it is seen at once
            progress("writing", 0, 0, 0)
        with transaction.atomic():
            run.write()
            if run.outcome.invalid and not options.skip_invalid:
                transaction.set_rollback(True)  # all or nothing: what the first batches wrote goes
                run.outcome.imported = run.outcome.updated = 0
                run.outcome.written = False
            else:
                _log_job(actor, spec, run.outcome, options, file_label)
        run.outcome.problems, run.outcome.hints = list(report.kept), list(report.hints)
    return run.outcome


def _log_job(
    actor: Any, spec: ImportSpec, outcome: ImportOutcome, options: ImportOptions, file_label: str
) -> None:
    audit(
        actor=actor,
        action="import",
        kind=spec.kind,
        object_repr=file_label[:200],
        changes={
            "imported": outcome.imported,
            "updated": outcome.updated,
            "invalid": outcome.invalid,
            "rows": outcome.total,
            "update_by": options.update_by,
            "skip_invalid": options.skip_invalid,
        },
        summary=_("Imported %(label)s: %(summary)s") % {"label": spec.label, "summary": outcome.summary},
    )
