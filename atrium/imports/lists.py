"""My imports (我的导入), declared for the list engine: the person's own import jobs, newest first, with the
file, what it imports, its status and counts, when it was uploaded, started and finished; filtered by
status, kind and upload day. It opens to whoever may import some kind of record, or has import jobs; the rows
are scoped in ``selectors.import_jobs_listed`` (one's own jobs, through ``core.access``). No export."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from atrium.core.access import can
from atrium.imports.models import ImportJob
from atrium.imports.registry import get_import_spec, import_specs
from atrium.imports.selectors import import_jobs_listed
from atrium.lists.cells import Cell, choice_cell, link_cell
from atrium.lists.filters import ChoiceFilter, DateRangeFilter
from atrium.lists.specs import Column, register_list

KIND_LABEL = pgettext_lazy("import", "Kind of data")


def _kind_label(key: str) -> str:
    spec = get_import_spec(key)
    return str(spec.label) if spec is not None else key


def _kind(job: ImportJob) -> Cell:
    return Cell(text=_kind_label(job.kind))


def _kinds(user: Any) -> list[tuple[str, str]]:
    return [(spec.key, str(spec.label)) for spec in import_specs()]


def _may_import(user: Any) -> bool:
    """Whoever may import some kind of record (or did: their jobs stay theirs to read after the right went)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if any(can(user, spec.kind, "import") for spec in import_specs()):
        return True
    return ImportJob.objects.filter(created_by=user).exists()


IMPORT_JOBS = register_list(
    key="import_jobs",
    kind="import_job",
    title=_("My imports"),
    queryset=import_jobs_listed,
    columns=[
        Column("file", _("File"), cell=link_cell("imports:job", text="original_name")),
        Column("kind", KIND_LABEL, cell=_kind, export=lambda: lambda job: _kind_label(job.kind)),
        Column("status", pgettext_lazy("import", "Status"), cell=choice_cell("status")),
        Column("imported", pgettext_lazy("import", "Imported")),
        Column("updated", pgettext_lazy("import", "Updated")),
        Column("invalid", pgettext_lazy("import", "Invalid")),
        Column("created_at", _("Uploaded"), sort="id", index="importjob_creator"),
        Column("started_at", _("Started")),
        Column("finished_at", _("Finished")),
    ],
    filters=[
        ChoiceFilter(
            name="status",
            label=pgettext_lazy("import", "Status"),
            field="status",
            options=lambda user: ImportJob.Status.choices,
            empty_label=_("All statuses"),
        ),
        ChoiceFilter(
            name="kind",
            label=KIND_LABEL,
            field="kind",
            options=_kinds,
            empty_label=_("All kinds"),
            strict=False,
        ),
        DateRangeFilter(name="uploaded", label=_("Uploaded"), field="created_at"),
    ],
    default_sort="-created_at",
    default_columns=["file", "kind", "status", "imported", "updated", "invalid", "created_at", "finished_at"],
    url_name="imports:mine",
    name_column="file",
    open_to=_may_import,
    empty_text=_("No imports yet."),
)
