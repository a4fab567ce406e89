"""What the job page shows: the mapping choices per column, the preview and the options."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse

from atrium.imports.mapping import check_mapping, mapping_from_json
from atrium.imports.models import ImportJob
from atrium.imports.preview import checked_preview
from atrium.imports.selectors import import_job_preview, import_spec_for


def job_context(job: ImportJob, errors: list[str]) -> dict[str, Any]:
    spec = import_spec_for(job.kind)
    mapping = mapping_from_json(job.mapping)
    columns = [
        {"index": position, "header": header, "field": mapping.get(position, "")}
        for position, header in enumerate(job.header)
    ]
    preview = import_job_preview(job) if job.can_start else []
    mapped = sorted(mapping)
    return {
        "job": job,
        "spec": spec,
        "columns": columns,
        "fields": spec.fields,
        "preview_header": [(job.header[p], spec.field(mapping[p])) for p in mapped if p < len(job.header)],
        "preview": checked_preview(job, spec, mapping, preview),
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
