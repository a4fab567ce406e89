"""Contact pages: new (from a customer's page), detail with its follow-ups, edit (stale versions refused)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from atrium.core.access import check_action, require
from atrium.core.form_submit import submit_form
from atrium.customers.forms.followups import FollowUpForm
from atrium.customers.forms.records import ContactEditForm, ContactForm, initial_of
from atrium.customers.selectors import contact_get, customer_get
from atrium.customers.services import contact_create, contact_update
from atrium.customers.views.page_data import contact_page


@login_required
def contact_new(request: HttpRequest) -> HttpResponse:
    require(request.user, "contact", "create")
    customer = customer_get(request.user, request.POST.get("customer") or request.GET.get("customer"))
    check_action(request.user, "customer", "edit", customer)
    form = ContactForm(request.POST or None).with_custom(request.user, "contact")
    return submit_form(
        request,
        form,
        lambda _data: contact_create(actor=request.user, data={**form.values(), "customer": customer}),
        success=lambda contact: _("Contact %(name)s was added.") % {"name": contact.name},
        redirect=reverse("customers:detail", args=[customer.pk]),
        template="customers/records/contact_new.html",
        fragment="customers/records/_contact_form.html",
        context={"form": form, "customer": customer},
    )


@login_required
@require_GET
def contact_detail(request: HttpRequest, contact_id: int) -> HttpResponse:
    page = contact_page(request.user, contact_id)
    followup_form = FollowUpForm(initial={"contact": contact_id, "type": "call"}).with_custom(
        request.user, "followup"
    )
    context = {"page": page, "contact": page.contact, "followup_form": followup_form}
    return render(request, "customers/records/contact_detail.html", context)


@login_required
def contact_edit(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = contact_get(request.user, contact_id)
    check_action(request.user, "contact", "edit", contact)
    form = ContactEditForm(request.POST or None, initial=initial_of(contact, ContactEditForm)).with_custom(
        request.user, "contact", contact
    )
    return submit_form(
        request,
        form,
        lambda data: contact_update(
            actor=request.user, contact=contact, data=form.values(), version=data["version"]
        ),
        success=_("The changes were saved."),
        redirect=reverse("customers:contact_detail", args=[contact.pk]),
        template="customers/records/contact_edit.html",
        fragment="customers/records/_contact_form.html",
        context={"form": form, "contact": contact},
        stale_banner=True,
    )
