"""Deal pages: new (for a customer, picked first when none is given), detail (facts, stage history with the time
per stage, timeline), edit (stale versions refused), the timeline's further pages, delete."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from atrium.core.access import can, check_action, require
from atrium.core.errors import ValidationFailed
from atrium.core.form_submit import run_action, submit_form
from atrium.core.timeline import record_timeline
from atrium.customers.selectors import customer_get
from atrium.lists.query import parse_list_query
from atrium.lists.selectors import list_queryset
from atrium.sales.forms import DealEditForm, DealForm
from atrium.sales.models import Stage
from atrium.sales.selectors import (
    deal_get,
    deal_permissions,
    quotes_of_deal,
    stage_history,
    time_per_stage,
)
from atrium.sales.services import deal_create, deal_delete, deal_update

TIMELINE_PAGE = 20
PICKER_SIZE = 20


def _detail_url(deal_id: int) -> str:
    return reverse("sales:deal_detail", args=[deal_id])


def _with_pipeline(values: dict[str, Any]) -> dict[str, Any]:
    """The form picks a stage ("家装 · 报价"): its pipeline goes with it."""
    stage = values.get("stage")
    if stage not in (None, "") and str(stage).isdigit():
        pipeline_id = Stage.objects.filter(pk=int(stage)).values_list("pipeline_id", flat=True).first()
        if pipeline_id:
            values["pipeline"] = pipeline_id
    return values


def _customer_picker(request: HttpRequest) -> HttpResponse:
    """No customer yet: find one among the customers the person sees (the customers list's search)."""
    text = request.GET.get("customer_q", "").strip()[:100]
    found = []
    if text:
        query = parse_list_query("customers", {"q": text}, viewer=request.user)
        found = list(list_queryset(request.user, query)[:PICKER_SIZE])
    return render(request, "sales/deal_pick_customer.html", {"text": text, "found": found})


@login_required
def deal_new(request: HttpRequest) -> HttpResponse:
    require(request.user, "deal", "create")
    customer_id = request.POST.get("customer") or request.GET.get("customer")
    if not customer_id:
        return _customer_picker(request)
    customer = customer_get(request.user, customer_id)
    initial = {"owner": str(request.user.pk), "stage": request.GET.get("stage", "")}
    form = DealForm(request.POST or None, initial=initial).with_custom(request.user, "deal")
    form.offer(request.user, customer)
    return submit_form(
        request,
        form,
        lambda _data: deal_create(
            actor=request.user, data=_with_pipeline({**form.values(), "customer": customer.pk})
        ),
        success=lambda deal: _("Deal %(title)s was created.") % {"title": deal.title},
        redirect=lambda deal: _detail_url(deal.pk),
        template="sales/deal_new.html",
        fragment="sales/_deal_form.html",
        context={"form": form, "customer": customer},
    )


def _initial(deal: Any) -> dict[str, Any]:
    return {
        "title": deal.title,
        "stage": str(deal.stage_id),
        "amount": "" if deal.amount is None else str(deal.amount),
        "expected_close": deal.expected_close,
        "contacts": list(deal.contacts.values_list("pk", flat=True)),
        "source": deal.source,
        "lost_reason": deal.lost_reason,
        "owner": str(deal.owner_id),
        "collaborators": list(deal.collaborators.values_list("pk", flat=True)),
        "notes": deal.notes,
        "version": deal.version,
    }


@login_required
@require_GET
def deal_detail(request: HttpRequest, deal_id: int) -> HttpResponse:
    deal = deal_get(request.user, deal_id)
    stays = stage_history(deal)
    context = {
        "deal": deal,
        "page": deal_permissions(request.user, deal),
        "contacts": list(deal.contacts.order_by("-is_primary", "pk")),
        "collaborators": list(deal.collaborators.order_by("pk")),
        "stays": stays,
        "per_stage": time_per_stage(stays),
        "timeline": record_timeline(request.user, "deal", deal, None, TIMELINE_PAGE),
        "quotes": quotes_of_deal(request.user, deal),
        "can_quote": can(request.user, "quote", "create")
        and deal_permissions(request.user, deal)["can_edit"],
    }
    return render(request, "sales/deal_detail.html", context)


@login_required
@require_GET
def deal_timeline(request: HttpRequest, deal_id: int) -> HttpResponse:
    deal = deal_get(request.user, deal_id)
    try:
        timeline = record_timeline(
            request.user, "deal", deal, request.GET.get("cursor") or None, TIMELINE_PAGE
        )
    except ValidationFailed:
        timeline = record_timeline(request.user, "deal", deal, None, TIMELINE_PAGE)
    return render(request, "sales/_timeline.html", {"deal": deal, "timeline": timeline})


@login_required
def deal_edit(request: HttpRequest, deal_id: int) -> HttpResponse:
    deal = deal_get(request.user, deal_id)
    check_action(request.user, "deal", "edit", deal)
    form = DealEditForm(request.POST or None, initial=_initial(deal)).with_custom(request.user, "deal", deal)
    form.offer(request.user, deal.customer, deal)
    return submit_form(
        request,
        form,
        lambda data: deal_update(
            actor=request.user, deal=deal, data=_with_pipeline(form.values()), version=data["version"]
        ),
        success=_("The changes were saved."),
        redirect=_detail_url(deal.pk),
        template="sales/deal_edit.html",
        fragment="sales/_deal_form.html",
        context={"form": form, "deal": deal, "customer": deal.customer},
        stale_banner=True,
        allowed=lambda: check_action(request.user, "deal", "edit", deal),
    )


@login_required
@require_POST
def deal_delete_view(request: HttpRequest, deal_id: int) -> HttpResponse:
    deal = deal_get(request.user, deal_id)
    customer_id = deal.customer_id
    return run_action(
        request,
        lambda: deal_delete(actor=request.user, deal=deal),
        success=_("The deal was deleted."),
        redirect=reverse("customers:detail", args=[customer_id]),
    )
