"""A contract's files: upload (who may edit the contract), download through the access layer (who sees it),
remove."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from atrium.contracts.models import ContractFile
from atrium.contracts.selectors import contract_get
from atrium.contracts.services.files import contract_file_add, contract_file_delete
from atrium.core.form_submit import run_action


def _detail_url(contract_id: int) -> str:
    return reverse("contracts:detail", args=[contract_id]) + "#files"


@login_required
@require_POST
def contract_file_upload(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = contract_get(request.user, contract_id)
    return run_action(
        request,
        lambda: contract_file_add(actor=request.user, contract=contract, upload=request.FILES.get("file")),
        success=lambda kept: _("%(name)s was added to the contract's files.") % {"name": kept.name},
        redirect=_detail_url(contract.pk),
    )


def _visible_file(request: HttpRequest, file_id: int) -> ContractFile:
    found = ContractFile.objects.filter(pk=file_id).first()
    if found is None:
        raise Http404()
    contract_get(request.user, found.contract_id)  # 404 for whoever may not see the contract
    return found


@login_required
@require_GET
def contract_file_download(request: HttpRequest, file_id: int) -> FileResponse:
    found = _visible_file(request, file_id)
    inline = found.content_type == "application/pdf" or found.content_type.startswith("image/")
    response = FileResponse(
        found.file.open("rb"),
        content_type=found.content_type or "application/octet-stream",
        as_attachment=not inline,
        filename=found.name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def contract_file_remove(request: HttpRequest, file_id: int) -> HttpResponse:
    found = _visible_file(request, file_id)
    return run_action(
        request,
        lambda: contract_file_delete(actor=request.user, kept=found),
        success=_("The file was removed."),
        redirect=_detail_url(found.contract_id),
    )
