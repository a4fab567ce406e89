"""Administration of users: list with filters, new user, profile, roles, password reset, (de)activation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atrium.accounts.forms.users import (
    UserCreateForm,
    UserPasswordForm,
    UserProfileForm,
    UserRolesForm,
)
from atrium.accounts.lists import with_legacy_ordering
from atrium.accounts.selectors.people import user_detail, user_form_options
from atrium.accounts.selectors.sign_in_limits import recent_sign_in_failures
from atrium.accounts.services import (
    user_create,
    user_deactivate,
    user_reactivate,
    user_set_password,
    user_set_roles,
    user_update,
)
from atrium.accounts.services.sign_in_limits import sign_in_unlock
from atrium.core.errors import Forbidden
from atrium.core.form_submit import submit_form
from atrium.lists.views import render_list


@login_required
def users(request: HttpRequest) -> HttpResponse:
    """The users list: the list engine's page of the "users" spec (``atrium/accounts/lists.py``)."""
    return render_list(request, "users", with_legacy_ordering(request.GET))


@login_required
def user_new(request: HttpRequest) -> HttpResponse:
    options = user_form_options(request.user, "create")
    form = UserCreateForm(request.POST or None).offer(departments=options.departments, roles=options.roles)
    return submit_form(
        request,
        form,
        lambda _data: user_create(actor=request.user, **form.values()),
        success=lambda user: _("User %(name)s was created.") % {"name": user.name},
        redirect=lambda user: _detail_url(user.pk),
        template="accounts/admin/user_new.html",
    )


def _detail_url(user_id: int) -> str:
    return reverse("accounts:user_detail", args=[user_id])


def _may_edit(request: HttpRequest, user_id: int) -> None:
    if not user_detail(request.user, user_id).can_edit:  # 404 when not visible
        raise Forbidden()


def _detail_page(request: HttpRequest, user_id: int, status: int = 200, **forms) -> HttpResponse:
    detail = user_detail(request.user, user_id)
    user = detail.user
    forms.setdefault(
        "profile_form",
        UserProfileForm(
            initial={
                "username": user.username,
                "display_name": user.display_name,
                "email": user.email,
                "phone": user.phone,
                "department": user.department_id,
                "version": user.version,
            }
        ),
    )
    forms.setdefault("roles_form", UserRolesForm(initial={"roles": [str(r.pk) for r in user.roles.all()]}))
    forms.setdefault("password_form", UserPasswordForm())
    forms["profile_form"].offer(departments=detail.departments)
    forms["roles_form"].offer(roles=detail.roles)
    failures = recent_sign_in_failures(user.pk) if detail.can_edit else 0
    context = {"detail": detail, "sign_in_failures": failures, **forms}
    return render(request, "accounts/admin/user_detail.html", context, status=status)


@login_required
def user_page(request: HttpRequest, user_id: int) -> HttpResponse:
    if request.method != "POST":
        return _detail_page(request, user_id)
    form = UserProfileForm(request.POST)
    return submit_form(
        request,
        form,
        lambda data: user_update(
            actor=request.user, user_id=user_id, version=data["version"], **form.profile()
        ),
        success=_("The changes were saved."),
        redirect=_detail_url(user_id),
        template=lambda status: _detail_page(request, user_id, status=status, profile_form=form),
        allowed=lambda: _may_edit(request, user_id),
    )


@login_required
@require_POST
def user_roles(request: HttpRequest, user_id: int) -> HttpResponse:
    form = UserRolesForm(request.POST)
    return submit_form(
        request,
        form,
        lambda data: user_set_roles(actor=request.user, user_id=user_id, role_ids=data["roles"]),
        success=_("The roles were saved."),
        redirect=_detail_url(user_id),
        template=lambda status: _detail_page(request, user_id, status=status, roles_form=form),
    )


@login_required
@require_POST
def user_password(request: HttpRequest, user_id: int) -> HttpResponse:
    form = UserPasswordForm(request.POST)
    return submit_form(
        request,
        form,
        lambda data: user_set_password(actor=request.user, user_id=user_id, password=data["password"]),
        success=_("The new password was set."),
        redirect=_detail_url(user_id),
        template=lambda status: _detail_page(request, user_id, status=status, password_form=form),
        allowed=lambda: _may_edit(request, user_id),
    )


@login_required
@require_POST
def user_deactivate_view(request: HttpRequest, user_id: int) -> HttpResponse:
    user = user_deactivate(actor=request.user, user_id=user_id)
    messages.success(request, _("%(name)s was deactivated and signed out everywhere.") % {"name": user.name})
    return redirect("accounts:user_detail", user_id=user_id)


@login_required
@require_POST
def user_reactivate_view(request: HttpRequest, user_id: int) -> HttpResponse:
    user = user_reactivate(actor=request.user, user_id=user_id)
    messages.success(request, _("%(name)s can sign in again.") % {"name": user.name})
    return redirect("accounts:user_detail", user_id=user_id)


@login_required
@require_POST
def user_unlock_sign_in_view(request: HttpRequest, user_id: int) -> HttpResponse:
    sign_in_unlock(actor=request.user, user_id=user_id)
    messages.success(request, _("Sign-in is unlocked: the failed attempts were cleared."))
    return redirect("accounts:user_detail", user_id=user_id)
