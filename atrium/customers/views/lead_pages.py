"""Lead pages: new, detail with its follow-ups, edit (stale versions refused) and convert (once)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from atrium.accounts.forms.service_errors import show_service_errors
from atrium.core.access import check_action, require
from atrium.core.errors import Conflict, Forbidden, NotFound, ServiceError, ValidationFailed
from atrium.customers.forms.followups import FollowUpForm
from atrium.customers.forms.records import LeadEditForm, LeadForm, initial_of
from atrium.customers.selectors import lead_get
from atrium.customers.services import lead_convert, lead_create, lead_update
from atrium.customers.views.page_data import lead_page, option_lists
from atrium.customers.views.records import first_message, go_to, render_form


def _detail_url(lead_id: int) -> str:
    return reverse("customers:lead_detail", args=[lead_id])


@login_required
def lead_new(request: HttpRequest) -> HttpResponse:
    require(request.user, "lead", "create")
    form = LeadForm(request.POST or None, initial={"status": "new"}).offer(**option_lists())
    if request.method == "POST" and form.is_valid():
        try:
            lead = lead_create(actor=request.user, data=form.values())
        except ValidationFailed as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, _("Lead %(name)s was created.") % {"name": lead.name})
            return go_to(request, _detail_url(lead.pk))
    return render_form(
        request,
        "customers/records/lead_new.html",
        "customers/records/_lead_form.html",
        {"form": form},
        400 if form.errors else 200,
    )


def _detail_page(request: HttpRequest, lead_id: int, status: int = 200, **extra: object) -> HttpResponse:
    page = lead_page(request.user, lead_id)
    followup_form = FollowUpForm(initial={"lead": lead_id, "type": "call"})
    context = {"page": page, "lead": page.lead, "followup_form": followup_form, **extra}
    return render(request, "customers/records/lead_detail.html", context, status=status)


@login_required
@require_GET
def lead_detail(request: HttpRequest, lead_id: int) -> HttpResponse:
    return _detail_page(request, lead_id)


@login_required
def lead_edit(request: HttpRequest, lead_id: int) -> HttpResponse:
    lead = lead_get(request.user, lead_id)
    check_action(request.user, "lead", "edit", lead)
    form = LeadEditForm(request.POST or None, initial=initial_of(lead, LeadEditForm)).offer(**option_lists())
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            lead_update(
                actor=request.user, lead=lead, data=form.values(), version=form.cleaned_data["version"]
            )
        except (ValidationFailed, Conflict) as exc:
            stale = isinstance(exc, Conflict)
            if not stale:
                show_service_errors(form, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return go_to(request, _detail_url(lead.pk))
    status = 409 if stale else 400 if form.errors else 200
    context = {"form": form, "lead": lead, "stale": stale}
    return render_form(
        request, "customers/records/lead_edit.html", "customers/records/_lead_form.html", context, status
    )


@login_required
@require_POST
def lead_convert_view(request: HttpRequest, lead_id: int) -> HttpResponse:
    lead = lead_get(request.user, lead_id)
    try:
        customer, _contact = lead_convert(
            actor=request.user, lead=lead, data={"force": "force" in request.POST}
        )
    except (Forbidden, NotFound):
        raise
    except ServiceError as exc:
        hints = getattr(exc, "hints", None)
        if hints:
            return _detail_page(request, lead_id, status=400, convert_hints=hints)
        messages.error(request, first_message(exc))
        return go_to(request, _detail_url(lead.pk))
    messages.success(request, _("The lead was converted into customer %(name)s.") % {"name": customer.name})
    return go_to(request, reverse("customers:detail", args=[customer.pk]))
