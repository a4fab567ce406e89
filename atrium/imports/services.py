"""Import jobs: upload (the file is checked and its header read), choose the mapping and options, start.

Every import runs in the worker (queued after commit), never on a web thread: a page reads only a bounded part
of a file (its header and a preview), and the page follows the job's progress. ``import_job_run`` is what
the worker runs.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atrium.core.access import require
from atrium.core.errors import ServiceError, ValidationFailed
from atrium.core.events import after_commit
from atrium.imports.engine import ImportOptions, ImportOutcome, run_import
from atrium.imports.local_files import local_path, scratch_file, store
from atrium.imports.mapping import (
    check_mapping,
    mapping_from_form,
    mapping_from_json,
    mapping_to_json,
    suggest_mapping,
)
from atrium.imports.models import ImportJob
from atrium.imports.progress import publish_progress
from atrium.imports.readers import ImportFileError, check_size, estimate_rows, open_table
from atrium.imports.recovery import Heartbeat, worker_identity
from atrium.imports.selectors import import_spec_for
from atrium.imports.value_mapping import choice_columns, scan_unknown_values, values_from_form

logger = logging.getLogger(__name__)


def import_job_create(*, actor: Any, kind: str, upload: UploadedFile | None) -> ImportJob:
    """Store the upload and read its header; ImportFileError (nothing kept) when it cannot be imported."""
    spec = import_spec_for(kind)
    require(actor, spec.kind, "import")
    if upload is None:
        raise ValidationFailed({"file": [_("Choose a CSV or Excel (.xlsx) file.")]})
    check_size(upload.size)
    job = ImportJob(
        kind=spec.key, original_name=(upload.name or "import")[:255], size=upload.size or 0, created_by=actor
    )
    job.file.save(Path(upload.name or "import").name[-100:], upload, save=False)
    try:
        with local_path(job.file) as path:
            table = open_table(path, job.original_name, quick=True)
    except ImportFileError:
        job.file.delete(save=False)
        raise
    job.file_format, job.encoding, job.header = table.format, table.encoding, table.header
    job.mapping = mapping_to_json(suggest_mapping(spec, table.header))
    job.save()
    _scan_choices_later(job)
    return job


def _options(spec_keys: tuple[str, ...], data: Mapping[str, Any], values: dict) -> ImportOptions:
    update_by = (data.get("update_by") or "").strip()
    if update_by and update_by not in spec_keys:
        raise ValidationFailed({"update_by": [_("Choose one of the listed fields.")]})
    skip = str(data.get("skip_invalid") or "").lower() in ("1", "on", "true", "yes")
    return ImportOptions(update_by=update_by, skip_invalid=skip, values=values)


@transaction.atomic
def import_job_configure(*, actor: Any, job: ImportJob, data: Mapping[str, Any]) -> ImportJob:
    """Save the mapping (form fields col_<n>), the mapping of unknown select values (unknown_<n>: a listed
    value, or a value to add to the list) and the options the person chose."""
    if not job.can_start:
        raise ServiceError(_("This import has already started."))
    spec = import_spec_for(job.kind)
    mapping = mapping_from_form(spec, job.header, data)
    job.mapping = mapping_to_json(mapping)
    values = {key: dict(chosen) for key, chosen in (job.options or {}).get("values", {}).items()}
    newly_mapped = values_from_form(spec, actor, data)
    for key, chosen in newly_mapped.items():
        values.setdefault(key, {}).update(chosen)
    job.options = _options(spec.update_keys, data, values).as_dict()
    job.save(update_fields=["mapping", "options"])
    if newly_mapped or job.choice_values.get("columns") != choice_columns(spec, mapping):
        _scan_choices_later(job)  # the values beyond those offered are offered next
    problems = check_mapping(spec, job.header, mapping)
    if problems:
        raise ValidationFailed({"mapping": problems})
    return job


def _scan_choices_later(job: ImportJob) -> None:
    """The mapping step offers the unknown select values of the whole file: the worker reads it for them."""
    if choice_columns(import_spec_for(job.kind), mapping_from_json(job.mapping)):
        after_commit(_queue_scan, job.pk)


def _queue_scan(job_id: int) -> None:
    from atrium.imports.tasks import scan_import_choices

    scan_import_choices(job_id)


def import_job_scan_choices(job_id: int) -> None:
    """Read the whole file (in the worker, streaming) for the select values not in their lists, for the
    job's current mapping; a job that has started, or a file that cannot be read, is left alone (the
    import itself reports the file's problems)."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or not job.can_start:
        return
    spec, mapping = import_spec_for(job.kind), mapping_from_json(job.mapping)
    try:
        with local_path(job.file) as path:
            rows = open_table(path, job.original_name).rows()
            found = scan_unknown_values(spec, mapping, rows, (job.options or {}).get("values", {}))
    except ImportFileError:
        return
    with transaction.atomic():  # kept only for the mapping it was made for (the person may change it)
        current = ImportJob.objects.select_for_update().filter(pk=job.pk).first()
        if current is not None and current.can_start and current.mapping == job.mapping:
            ImportJob.objects.filter(pk=job.pk).update(choice_values=found)


def import_job_start(*, actor: Any, job: ImportJob) -> ImportJob:
    """Queue the job for the worker, after commit."""
    if not job.can_start:
        raise ServiceError(_("This import has already started."))
    spec = import_spec_for(job.kind)
    require(actor, spec.kind, "import")
    problems = check_mapping(spec, job.header, mapping_from_json(job.mapping))
    if problems:
        raise ValidationFailed({"mapping": problems})
    with transaction.atomic():
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED, error="")
        after_commit(_queue, job.pk)
    job.refresh_from_db()
    return job


def _queue(job_id: int) -> None:
    from atrium.imports.tasks import run_import_job

    run_import_job(job_id)


def import_job_run(job_id: int) -> ImportJob:
    """Import the job's file (idempotent: a job that is not queued is left alone)."""
    now = timezone.now()
    if not ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING,
        started_at=now,
        phase="checking",
        processed_rows=0,
        imported=0,
        updated=0,
        invalid=0,
        worker=worker_identity(),
        heartbeat_at=now,
    ):
        return ImportJob.objects.get(pk=job_id)
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    try:
        with Heartbeat(job.pk):
            _run(job)
    except ImportFileError as exc:
        _finish(job, ImportJob.Status.FAILED, error=exc.message)
    except ServiceError as exc:  # Forbidden: the person lost the import right meanwhile
        _finish(job, ImportJob.Status.FAILED, error=exc.message)
    except Exception:
        logger.exception("import job %s failed", job_id)
        _finish(job, ImportJob.Status.FAILED, error=_("The import stopped because of an unexpected error."))
    return job


def _run(job: ImportJob) -> None:
    with local_path(job.file) as path, scratch_file(".csv") as report_file:
        outcome, options = _run_file(job, path, report_file)
        if outcome.problems or outcome.hints:
            store(job.report, f"import-{job.pk}-report.csv", report_file)
    job.total_rows, job.imported, job.updated, job.invalid = (
        outcome.total,
        outcome.imported,
        outcome.updated,
        outcome.invalid,
    )
    job.problems = [
        {"line": p.line, "column": p.column, "reason": p.reason, **({"hint": True} if p.hint else {})}
        for p in [*outcome.problems, *outcome.hints]
    ]
    status = (
        ImportJob.Status.INVALID if outcome.invalid and not options.skip_invalid else ImportJob.Status.DONE
    )
    _finish(job, status)


def _run_file(job: ImportJob, path: Path, report_file: Path) -> tuple[ImportOutcome, ImportOptions]:
    spec = import_spec_for(job.kind)
    table = open_table(path, job.original_name)  # the whole file is checked here, in the worker
    total = estimate_rows(table)
    options = ImportOptions(**job.options) if job.options else ImportOptions()
    ImportJob.objects.filter(pk=job.pk).update(
        total_rows=total, file_format=table.format, encoding=table.encoding
    )

    def progress(phase: str, done: int, imported: int, updated: int) -> None:
        if phase == "writing" and done:  # inside the import's transaction: the page reads the cache
            publish_progress(job.pk, done=done, imported=imported, updated=updated)
            return
        ImportJob.objects.filter(pk=job.pk).update(
            processed_rows=done, phase=phase, heartbeat_at=timezone.now()
        )

    outcome = run_import(
        actor=job.created_by,
        spec=spec,
        table=table,
        mapping=mapping_from_json(job.mapping),
        options=options,
        report_path=report_file,
        progress=progress,
        file_label=job.original_name,
    )
    return outcome, options


def _finish(job: ImportJob, status: str, error: str = "") -> None:
    job.status, job.error, job.finished_at, job.phase = status, error, timezone.now(), ""
    job.processed_rows = job.total_rows
    job.save()
