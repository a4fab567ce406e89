"""Administration of roles: list, create, edit, the grant matrix (kind × action → scope), delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atrium.accounts.forms.roles import RoleEditForm, RoleForm, RoleGrantsForm
from atrium.accounts.selectors.people import role_detail, role_list, role_matrix
from atrium.accounts.services import role_create, role_delete, role_set_grants, role_update
from atrium.core.errors import Forbidden, ValidationFailed
from atrium.core.form_submit import submit_form


@login_required
def roles(request: HttpRequest) -> HttpResponse:
    listing = role_list(request.user, cursor=request.GET.get("cursor"))
    if request.method == "POST" and not listing.can_create:
        raise Forbidden()
    form = RoleForm(request.POST or None)
    return submit_form(
        request,
        form,
        lambda data: role_create(actor=request.user, **data),
        success=lambda role: _("Role %(name)s was created. Now set what it may do.") % {"name": role.name},
        redirect=lambda role: _detail_url(role.pk),
        template="accounts/admin/roles.html",
        context={"listing": listing, "form": form},
    )


def _detail_url(role_id: int) -> str:
    return reverse("accounts:role_detail", args=[role_id])


def _may_edit(request: HttpRequest, role_id: int) -> None:
    if not role_detail(request.user, role_id).can_edit:  # 404 when not visible
        raise Forbidden()


def _detail_page(request: HttpRequest, role_id: int, status: int = 200, **forms) -> HttpResponse:
    detail = role_detail(request.user, role_id)
    role = detail.role
    initial = {"name": role.name, "description": role.description, "is_active": role.is_active}
    forms.setdefault("form", RoleEditForm(initial={**initial, "version": role.version}))
    forms.setdefault(
        "grants_form",
        RoleGrantsForm(initial={"version": role.version}, matrix=detail.matrix, disabled=not detail.can_edit),
    )
    return render(request, "accounts/admin/role_detail.html", {"detail": detail, **forms}, status=status)


@login_required
def role_page(request: HttpRequest, role_id: int) -> HttpResponse:
    if request.method != "POST":
        return _detail_page(request, role_id)
    form = RoleEditForm(request.POST)
    return submit_form(
        request,
        form,
        lambda data: role_update(actor=request.user, role_id=role_id, **data),
        success=_("The changes were saved."),
        redirect=_detail_url(role_id),
        template=lambda status: _detail_page(request, role_id, status=status, form=form),
        allowed=lambda: _may_edit(request, role_id),
    )


@login_required
@require_POST
def role_grants(request: HttpRequest, role_id: int) -> HttpResponse:
    form = RoleGrantsForm(request.POST, matrix=role_matrix([]))
    return submit_form(
        request,
        form,
        lambda data: role_set_grants(
            actor=request.user, role_id=role_id, version=data["version"], grants=form.grants()
        ),
        success=_("The permissions were saved."),
        redirect=_detail_url(role_id),
        template=lambda status: _detail_page(request, role_id, status=status, grants_form=form),
        allowed=lambda: _may_edit(request, role_id),
    )


@login_required
@require_POST
def role_delete_view(request: HttpRequest, role_id: int) -> HttpResponse:
    try:
        role_delete(actor=request.user, role_id=role_id)
    except ValidationFailed as exc:
        for message in [exc.message, *exc.fields.get("role", [])]:
            messages.error(request, message)
        return redirect("accounts:role_detail", role_id=role_id)
    messages.success(request, _("The role was deleted."))
    return redirect("accounts:roles")
