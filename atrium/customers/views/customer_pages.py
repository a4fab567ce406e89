"""Customer pages: new (with the duplicate warning), detail, edit (stale versions refused), the timeline
fragment, and the actions claim, release, transfer and merge."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from atrium.core.access import check_action, require
from atrium.core.errors import Forbidden, ServiceError, ValidationFailed
from atrium.core.form_submit import first_message, go_to, run_action, submit_form
from atrium.customers.forms.actions import MergeForm, MergeSearchForm, TransferForm
from atrium.customers.forms.followups import FollowUpForm
from atrium.customers.forms.records import CustomerEditForm, CustomerForm, initial_of
from atrium.customers.selectors import customer_get, customer_timeline
from atrium.customers.selectors.people import transfer_candidates
from atrium.customers.services import (
    customer_claim,
    customer_create,
    customer_release,
    customer_update,
    customers_merge,
    customers_transfer,
)
from atrium.customers.views.page_data import (
    customer_page,
    merge_choice,
)

TIMELINE_PAGE = 20
NEW_CUSTOMER = {"type": "company", "status": "potential"}


def _detail_url(customer_id: int) -> str:
    return reverse("customers:detail", args=[customer_id])


@login_required
def customer_new(request: HttpRequest) -> HttpResponse:
    require(request.user, "customer", "create")
    form = (
        CustomerForm(request.POST or None, initial=NEW_CUSTOMER).offer().with_custom(request.user, "customer")
    )
    return submit_form(
        request,
        form,
        lambda _data: customer_create(actor=request.user, data=form.values(), force="force" in request.POST),
        success=lambda customer: _("Customer %(name)s was created.") % {"name": customer.name},
        redirect=lambda customer: _detail_url(customer.pk),
        template="customers/records/customer_new.html",
        fragment="customers/records/_customer_form.html",
        context={"form": form, "hints": []},
    )


@login_required
@require_GET
def customer_detail(request: HttpRequest, customer_id: int) -> HttpResponse:
    page = customer_page(request.user, customer_id)
    followup_form = FollowUpForm(initial={"customer": customer_id, "type": "call"}).with_custom(
        request.user, "followup"
    )
    context = {"page": page, "customer": page.customer, "followup_form": followup_form}
    return render(request, "customers/records/customer_detail.html", context)


@login_required
def customer_edit(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = customer_get(request.user, customer_id)
    check_action(request.user, "customer", "edit", customer)
    initial = initial_of(customer, CustomerEditForm)
    form = (
        CustomerEditForm(request.POST or None, initial=initial)
        .offer()
        .with_custom(request.user, "customer", customer)
    )
    return submit_form(
        request,
        form,
        lambda data: customer_update(
            actor=request.user,
            customer=customer,
            data=form.values(),
            version=data["version"],
            force="force" in request.POST,
        ),
        success=_("The changes were saved."),
        redirect=_detail_url(customer.pk),
        template="customers/records/customer_edit.html",
        fragment="customers/records/_customer_form.html",
        context={"form": form, "customer": customer, "stale": False, "hints": []},
        stale_banner=True,
    )


@login_required
@require_GET
def customer_timeline_fragment(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = customer_get(request.user, customer_id)
    try:
        timeline = customer_timeline(request.user, customer, request.GET.get("cursor") or None, TIMELINE_PAGE)
    except ValidationFailed:
        timeline = customer_timeline(request.user, customer, None, TIMELINE_PAGE)
    context = {"customer": customer, "timeline": timeline}
    return render(request, "customers/records/_timeline.html", context)


def _action_done(request: HttpRequest, customer_id: int, action, message: str) -> HttpResponse:
    """Run one customer action; its refusal (limit reached, not the owner …) is shown on the detail page."""
    customer = customer_get(request.user, customer_id)
    return run_action(
        request,
        lambda: action(actor=request.user, customer=customer),
        success=message,
        redirect=_detail_url(customer_id),
    )


@login_required
@require_POST
def customer_claim_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    return _action_done(request, customer_id, customer_claim, _("The customer is yours now."))


@login_required
@require_POST
def customer_release_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    return _action_done(request, customer_id, customer_release, _("The customer was released to the pool."))


def _transfer(request: HttpRequest, customer, people: list, to_user_id: int):
    """Hand the customer to the chosen person; the one chosen, for the message."""
    to_user = next((p for p in people if p.pk == to_user_id), None)
    if to_user is None:
        raise ValidationFailed({"to_user": [_("Choose the new owner from the list.")]})
    customers_transfer(actor=request.user, ids=[customer.pk], to_user=to_user)
    return to_user


@login_required
def customer_transfer_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = customer_get(request.user, customer_id)
    check_action(request.user, "customer", "assign", customer)
    people = transfer_candidates(request.user)
    form = TransferForm(request.POST or None, initial={"to_user": customer.owner_id}).offer(people)
    return submit_form(
        request,
        form,
        lambda data: _transfer(request, customer, people, data["to_user"]),
        success=lambda to_user: _("The customer was transferred to %(name)s.") % {"name": to_user.name},
        redirect=_detail_url(customer.pk),
        template="customers/records/customer_transfer.html",
        context={"form": form, "customer": customer},
    )


@login_required
def customer_merge_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = customer_get(request.user, customer_id)
    check_action(request.user, "customer", "edit", customer)
    search = MergeSearchForm(request.GET or None)
    form = MergeForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            other = customer_get(request.user, form.cleaned_data["other"])
            customers_merge(actor=request.user, keep=customer, merge=other)
        except Forbidden:
            raise
        except ServiceError as exc:
            error = first_message(exc)
        else:
            messages.success(request, _("%(other)s was merged into this customer.") % {"other": other.name})
            return go_to(request, _detail_url(customer.pk))
    other_id = None if error else request.GET.get("other")
    choice = merge_choice(request.user, customer, search.text(), other_id)
    context = {"customer": customer, "search": search, "choice": choice, "error": error}
    return render(request, "customers/records/customer_merge.html", context, status=400 if error else 200)
