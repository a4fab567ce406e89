"""Administration of the department tree: view, create, rename/move/change head, delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atrium.accounts.forms.departments import DepartmentEditForm, DepartmentForm
from atrium.accounts.selectors.people import department_detail, department_overview
from atrium.accounts.services import department_create, department_delete, department_update
from atrium.core.errors import Conflict, Forbidden, ValidationFailed
from atrium.core.form_submit import show_service_errors


@login_required
def departments(request: HttpRequest) -> HttpResponse:
    overview = department_overview(request.user)
    if request.method == "POST" and not overview.can_create:
        raise Forbidden()
    form, status = DepartmentForm(request.POST or None), 200
    if request.method == "POST" and form.is_valid():
        try:
            department = department_create(actor=request.user, **form.values())
        except ValidationFailed as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, _("Department %(name)s was created.") % {"name": department.name})
            return redirect("accounts:departments")
    if form.errors:
        status = 400
    form.offer(parents=overview.parents, heads=overview.heads)
    context = {"overview": overview, "form": form}
    return render(request, "accounts/admin/departments.html", context, status=status)


@login_required
def department_page(request: HttpRequest, department_id: int) -> HttpResponse:
    form, status = DepartmentEditForm(request.POST or None), 200
    if request.method == "POST" and form.is_valid():
        values = {**form.values(), "version": form.cleaned_data["version"]}
        try:
            department_update(actor=request.user, department_id=department_id, **values)
        except (ValidationFailed, Conflict) as exc:
            show_service_errors(form, exc)
            status = exc.status
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("accounts:department_detail", department_id=department_id)
    elif form.errors:
        status = 400
    detail = department_detail(request.user, department_id)
    if request.method != "POST":
        department = detail.department
        form = DepartmentEditForm(
            initial={
                "name": department.name,
                "parent": department.parent_id,
                "head": department.head_id,
                "version": department.version,
            }
        )
    form.offer(parents=detail.parents, heads=detail.heads)
    context = {"detail": detail, "form": form}
    return render(request, "accounts/admin/department_detail.html", context, status=status)


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
