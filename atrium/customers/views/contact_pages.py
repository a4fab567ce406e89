"""Contact pages: new (from a customer's page), detail with its follow-ups, edit (stale versions refused)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from atrium.accounts.forms.service_errors import show_service_errors
from atrium.core.access import check_action, require
from atrium.core.errors import Conflict, ValidationFailed
from atrium.customers.forms.followups import FollowUpForm
from atrium.customers.forms.records import ContactEditForm, ContactForm, initial_of
from atrium.customers.selectors import contact_get, customer_get
from atrium.customers.services import contact_create, contact_update
from atrium.customers.views.page_data import contact_page
from atrium.customers.views.records import go_to, render_form


@login_required
def contact_new(request: HttpRequest) -> HttpResponse:
    require(request.user, "contact", "create")
    customer = customer_get(request.user, request.POST.get("customer") or request.GET.get("customer"))
    check_action(request.user, "customer", "edit", customer)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = contact_create(actor=request.user, data={**form.values(), "customer": customer})
        except ValidationFailed as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, _("Contact %(name)s was added.") % {"name": contact.name})
            return go_to(request, reverse("customers:detail", args=[customer.pk]))
    context = {"form": form, "customer": customer}
    return render_form(
        request,
        "customers/records/contact_new.html",
        "customers/records/_contact_form.html",
        context,
        400 if form.errors else 200,
    )


@login_required
@require_GET
def contact_detail(request: HttpRequest, contact_id: int) -> HttpResponse:
    page = contact_page(request.user, contact_id)
    followup_form = FollowUpForm(initial={"contact": contact_id, "type": "call"})
    context = {"page": page, "contact": page.contact, "followup_form": followup_form}
    return render(request, "customers/records/contact_detail.html", context)


@login_required
def contact_edit(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = contact_get(request.user, contact_id)
    check_action(request.user, "contact", "edit", contact)
    form = ContactEditForm(request.POST or None, initial=initial_of(contact, ContactEditForm))
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            contact_update(
                actor=request.user, contact=contact, data=form.values(), version=form.cleaned_data["version"]
            )
        except (ValidationFailed, Conflict) as exc:
            stale = isinstance(exc, Conflict)
            if not stale:
                show_service_errors(form, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return go_to(request, reverse("customers:contact_detail", args=[contact.pk]))
    status = 409 if stale else 400 if form.errors else 200
    context = {"form": form, "contact": contact, "stale": stale}
    return render_form(
        request,
        "customers/records/contact_edit.html",
        "customers/records/_contact_form.html",
        context,
        status,
    )
