"""The pages of maintenance: 数据备份 (settings/backups/) and 系统状态 (settings/status/). Thin: one selector or one
service each. People who may not view a page get 404 (its download addresses too)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from atrium.core.errors import ServiceError
from atrium.core.form_submit import first_message, run_action
from atrium.maintenance import selectors, services


@login_required
def backups(request: HttpRequest) -> HttpResponse:
    return render(request, "maintenance/backups.html", {"page": selectors.backups_page(request.user)})


@login_required
def backup_download_fresh(request: HttpRequest) -> HttpResponseBase:
    selectors.open_page(request.user, "backup", "export")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        handle, name = services.backup_download_fresh(actor=request.user)
    except ServiceError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, first_message(exc))
        return redirect("maintenance:backups")
    return FileResponse(handle, as_attachment=True, filename=name, content_type="application/octet-stream")


@login_required
def backup_download_stored(request: HttpRequest, backup_name: str) -> HttpResponseBase:
    selectors.open_page(request.user, "backup", "export")
    handle, stored = services.backup_download_stored(actor=request.user, name=backup_name)
    return FileResponse(
        handle, as_attachment=True, filename=stored.name, content_type="application/octet-stream"
    )


@login_required
def status(request: HttpRequest) -> HttpResponse:
    return render(request, "maintenance/status.html", {"page": selectors.system_status(request.user)})


@login_required
def status_test_email(request: HttpRequest) -> HttpResponse:
    selectors.open_page(request.user, "system_status", "edit")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return run_action(
        request,
        lambda: services.status_test_email_send(actor=request.user),
        success=lambda address: _("A test e-mail was sent to %(address)s.") % {"address": address},
        redirect=reverse("maintenance:status"),
    )
