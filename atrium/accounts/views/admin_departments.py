"""Administration of the department tree: view, create, rename/move/change head, delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atrium.accounts.forms.departments import DepartmentEditForm, DepartmentForm
from atrium.accounts.selectors.people import department_detail, department_overview
from atrium.accounts.services import department_create, department_delete, department_update
from atrium.core.errors import Forbidden, ValidationFailed
from atrium.core.form_submit import submit_form


@login_required
def departments(request: HttpRequest) -> HttpResponse:
    overview = department_overview(request.user)
    if request.method == "POST" and not overview.can_create:
        raise Forbidden()
    form = DepartmentForm(request.POST or None).offer(parents=overview.parents, heads=overview.heads)
    return submit_form(
        request,
        form,
        lambda _data: department_create(actor=request.user, **form.values()),
        success=lambda department: _("Department %(name)s was created.") % {"name": department.name},
        redirect=reverse("accounts:departments"),
        template="accounts/admin/departments.html",
        context={"overview": overview, "form": form},
    )


def _edit_form(request: HttpRequest, department) -> DepartmentEditForm:
    """The posted values, or on a plain visit the department's own."""
    if request.method == "POST":
        return DepartmentEditForm(request.POST)
    initial = {"name": department.name, "parent": department.parent_id, "head": department.head_id}
    return DepartmentEditForm(initial={**initial, "version": department.version})


@login_required
def department_page(request: HttpRequest, department_id: int) -> HttpResponse:
    detail = department_detail(request.user, department_id)
    if request.method == "POST" and not detail.can_edit:
        raise Forbidden()  # the right before the input: a refused edit is not told which values were wrong
    form = _edit_form(request, detail.department).offer(parents=detail.parents, heads=detail.heads)
    return submit_form(
        request,
        form,
        lambda data: department_update(
            actor=request.user, department_id=department_id, **form.values(), version=data["version"]
        ),
        success=_("The changes were saved."),
        redirect=reverse("accounts:department_detail", args=[department_id]),
        template="accounts/admin/department_detail.html",
        context={"detail": detail, "form": form},
    )


@login_required
@require_POST
def department_delete_view(request: HttpRequest, department_id: int) -> HttpResponse:
    try:
        department_delete(actor=request.user, department_id=department_id)
    except ValidationFailed as exc:
        for message in [exc.message, *exc.fields.get("department", [])]:
            messages.error(request, message)
        return redirect("accounts:department_detail", department_id=department_id)
    messages.success(request, _("The department was deleted."))
    return redirect("accounts:departments")
