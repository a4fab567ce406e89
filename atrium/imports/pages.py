"""What the job page shows: the mapping choices per column, the preview and the options."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse

from atrium.imports.mapping import check_mapping, mapping_from_json
from atrium.imports.models import ImportJob
from atrium.imports.preview import checked_preview
from atrium.imports.selectors import PREVIEW_LINES, PREVIEW_ROWS, import_job_preview, import_spec_for
from atrium.imports.value_mapping import ADD_OPTION, unknown_values


def job_context(job: ImportJob, errors: list[str], user: Any) -> dict[str, Any]:
    spec = import_spec_for(job.kind)
    mapping = mapping_from_json(job.mapping)
    columns = [
        {"index": position, "header": header, "field": mapping.get(position, "")}
        for position, header in enumerate(job.header)
    ]
    sample = import_job_preview(job, limit=PREVIEW_LINES) if job.can_start else []
    preview = sample[:PREVIEW_ROWS]
    values = (job.options or {}).get("values", {})
    mapped = sorted(mapping)
    return {
        "job": job,
        "spec": spec,
        "columns": columns,
        "fields": spec.all_fields(),
        "preview_header": [(job.header[p], spec.field(mapping[p])) for p in mapped if p < len(job.header)],
        "preview": checked_preview(job, spec, mapping, preview),
        "unknown_found": unknown_values(spec, mapping, sample, values, user, job.choice_values)
        if job.can_start
        else None,
        "add_option": ADD_OPTION,
        "problems": [p for p in job.problems if not p.get("hint")],
        "hints": [p for p in job.problems if p.get("hint")],
        "errors": errors or (check_mapping(spec, job.header, mapping) if job.can_start else []),
        "update_keys": [spec.field(key) for key in spec.update_keys],
        "list_url": _list_url(spec.key),
    }


LIST_URLS = {"customers": "customers:list", "contacts": "customers:contacts", "leads": "customers:leads"}


def _list_url(key: str) -> str:
    try:
        return reverse(LIST_URLS.get(key, ""))
    except NoReverseMatch:
        return ""
