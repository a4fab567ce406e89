"""Import pages: upload a file, check the mapping and the preview, run, follow the progress, download the
report; and "my imports". A job is shown only to the person who started it (or an admin): others get 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from atrium.core.access import require
from atrium.core.errors import ServiceError, ValidationFailed
from atrium.imports import services
from atrium.imports.pages import job_context
from atrium.imports.progress import with_live_progress
from atrium.imports.readers.files import size_error
from atrium.imports.selectors import import_job_get, import_spec_for
from atrium.imports.template_files import template_file
from atrium.imports.uploads import announced_too_large, limit_uploads
from atrium.lists.views import render_list


@csrf_exempt  # the upload handlers must be set before the CSRF check reads the body; checked right below
@login_required
def new_import(request: HttpRequest) -> HttpResponse:
    limit_uploads(request)
    return _new_import(request)


@csrf_protect
def _new_import(request: HttpRequest) -> HttpResponse:
    spec = import_spec_for(request.GET.get("kind") or request.POST.get("kind") or "customers")
    require(request.user, spec.kind, "import")
    error = ""
    if request.method == "POST":
        too_large = announced_too_large(request)
        try:
            if too_large or getattr(request, "import_upload_too_large", False):
                raise size_error(too_large or 0)
            job = services.import_job_create(
                actor=request.user, kind=spec.key, upload=request.FILES.get("file")
            )
            return redirect("imports:job", pk=job.pk)
        except ServiceError as exc:
            error = "; ".join([m for msgs in exc.fields.values() for m in msgs]) or exc.message
    return render(request, "imports/new.html", {"spec": spec, "error": error}, status=400 if error else 200)


@login_required
def template_download(request: HttpRequest) -> HttpResponse:
    spec = import_spec_for(request.GET.get("kind") or "customers")
    require(request.user, spec.kind, "import")
    content, content_type, filename = template_file(spec, request.GET.get("format") or "csv")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
def my_imports(request: HttpRequest) -> HttpResponse:
    """My imports: the list engine's page of the "import_jobs" spec (``imports/lists.py``)."""
    return render_list(request, "import_jobs", request.GET)


@login_required
def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    job = with_live_progress(import_job_get(request.user, pk))
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.import_job_configure(actor=request.user, job=job, data=request.POST)
            if request.POST.get("action") == "run":
                services.import_job_start(actor=request.user, job=job)
                return redirect("imports:job", pk=job.pk)
        except ValidationFailed as exc:
            errors = [m for msgs in exc.fields.values() for m in msgs]
        except ServiceError as exc:
            errors = [exc.message]
    status = 400 if errors else 200
    return render(request, "imports/job.html", job_context(job, errors, request.user), status=status)


@login_required
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    job = with_live_progress(import_job_get(request.user, pk))
    response = render(request, "imports/_progress.html", {"job": job})
    if not job.is_active:
        response["HX-Refresh"] = "true"  # the job ended: show the whole result page
    return response


@login_required
def job_report(request: HttpRequest, pk: int) -> FileResponse:
    job = import_job_get(request.user, pk)
    if not job.report:
        raise Http404()
    return FileResponse(
        job.report.open("rb"),
        as_attachment=True,
        filename=f"import-{job.pk}-report.csv",
        content_type="text/csv; charset=utf-8",
    )
