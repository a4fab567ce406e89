"""Lead pages: new, detail with its follow-ups, edit (stale versions refused) and convert (once)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from atrium.core.access import check_action, require
from atrium.core.errors import Forbidden, NotFound, ServiceError
from atrium.core.form_submit import first_message, go_to, submit_form
from atrium.customers.conversion_steps import read_conversion_steps, shown_conversion_steps
from atrium.customers.forms.followups import FollowUpForm
from atrium.customers.forms.records import LeadEditForm, LeadForm, initial_of
from atrium.customers.selectors import lead_get
from atrium.customers.services import lead_convert, lead_create, lead_update
from atrium.customers.views.page_data import lead_page


def _detail_url(lead_id: int) -> str:
    return reverse("customers:lead_detail", args=[lead_id])


@login_required
def lead_new(request: HttpRequest) -> HttpResponse:
    require(request.user, "lead", "create")
    form = LeadForm(request.POST or None, initial={"status": "new"}).offer().with_custom(request.user, "lead")
    return submit_form(
        request,
        form,
        lambda _data: lead_create(actor=request.user, data=form.values()),
        success=lambda lead: _("Lead %(name)s was created.") % {"name": lead.name},
        redirect=lambda lead: _detail_url(lead.pk),
        template="customers/records/lead_new.html",
        fragment="customers/records/_lead_form.html",
    )


def _detail_page(request: HttpRequest, lead_id: int, status: int = 200, **extra: object) -> HttpResponse:
    page = lead_page(request.user, lead_id)
    followup_form = FollowUpForm(initial={"lead": lead_id, "type": "call"}).with_custom(
        request.user, "followup"
    )
    context = {
        "page": page,
        "lead": page.lead,
        "followup_form": followup_form,
        "conversion_steps": shown_conversion_steps(request.user, page.lead) if page.can_convert else [],
        **extra,
    }
    return render(request, "customers/records/lead_detail.html", context, status=status)


@login_required
@require_GET
def lead_detail(request: HttpRequest, lead_id: int) -> HttpResponse:
    return _detail_page(request, lead_id)


@login_required
def lead_edit(request: HttpRequest, lead_id: int) -> HttpResponse:
    lead = lead_get(request.user, lead_id)
    check_action(request.user, "lead", "edit", lead)
    form = (
        LeadEditForm(request.POST or None, initial=initial_of(lead, LeadEditForm))
        .offer()
        .with_custom(request.user, "lead", lead)
    )
    return submit_form(
        request,
        form,
        lambda data: lead_update(actor=request.user, lead=lead, data=form.values(), version=data["version"]),
        success=_("The changes were saved."),
        redirect=_detail_url(lead.pk),
        template="customers/records/lead_edit.html",
        fragment="customers/records/_lead_form.html",
        context={"form": form, "lead": lead},
        stale_banner=True,
    )


@login_required
@require_POST
def lead_convert_view(request: HttpRequest, lead_id: int) -> HttpResponse:
    lead = lead_get(request.user, lead_id)
    try:
        customer, _contact = lead_convert(
            actor=request.user,
            lead=lead,
            data={"force": "force" in request.POST, **read_conversion_steps(request.POST)},
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
