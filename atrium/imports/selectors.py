"""Reading import jobs, through the access layer (kind ``import_job``, imports/kinds.py): a job is seen by
the person who started it and by whoever may import that kind of record for everyone (admins); anyone else
gets 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from atrium.core.access import get_visible, require, visible
from atrium.core.errors import NotFound
from atrium.imports.local_files import local_path
from atrium.imports.models import ImportJob
from atrium.imports.readers import ImportFileError, open_table
from atrium.imports.registry import ImportSpec, get_import_spec

PREVIEW_ROWS = 10
PREVIEW_LINES = 1000  # a page reads no further into the file than this (blank lines included)


def import_spec_for(key: str) -> ImportSpec:
    spec = get_import_spec(key)
    if spec is None:
        raise NotFound()
    return spec


def import_job_get(user: Any, pk: Any) -> ImportJob:
    return get_visible(user, "import_job", pk)


def import_jobs_listed(user: Any, action: str) -> QuerySet[ImportJob]:
    """The person's own imports (among the jobs they may see): the base of "my imports"
    (``imports/lists.py``). Import jobs are only viewed: any other action (export) is Forbidden."""
    if action != "view":
        require(user, "import_job", action)
    return visible(user, "import_job", ImportJob.objects.filter(created_by=user), action)


def import_job_preview(job: ImportJob, limit: int = PREVIEW_ROWS) -> list[tuple[int, list[str]]]:
    """The first rows of the file as they are (the page shows them under the mapping). A bounded part of
    the file is read: this runs on a web thread."""
    try:
        with local_path(job.file) as path:
            table = open_table(path, job.original_name, quick=True)
            rows = []
            for line, cells in table.rows(last_line=table.header_line + PREVIEW_LINES):
                rows.append((line, cells + [""] * (len(table.header) - len(cells))))
                if len(rows) >= limit:
                    break
            return rows
    except ImportFileError:
        return []
