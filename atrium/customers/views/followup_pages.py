"""Logging a follow-up on a customer, a contact or a lead (the form sits on their detail pages)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from atrium.core.access import require
from atrium.core.errors import NotFound
from atrium.core.form_submit import submit_form
from atrium.customers.forms.followups import FollowUpForm
from atrium.customers.selectors import contact_get, customer_get, lead_get
from atrium.customers.services import followup_create

SUBJECT_PAGES = {
    "customer": (customer_get, "customers:detail"),
    "contact": (contact_get, "customers:contact_detail"),
    "lead": (lead_get, "customers:lead_detail"),
}


def _subject(request: HttpRequest) -> tuple[str, Any]:
    """The record the follow-up is on, loaded through the access layer (404 when out of reach)."""
    params = request.POST if request.method == "POST" else request.GET
    for name, (load, _url) in SUBJECT_PAGES.items():
        if params.get(name):
            return name, load(request.user, params.get(name))
    raise NotFound()


@login_required
def followup_new(request: HttpRequest) -> HttpResponse:
    require(request.user, "followup", "create")
    form = FollowUpForm(request.POST or None, initial={"type": "call", **request.GET.dict()}).with_custom(
        request.user, "followup"
    )
    name, subject = _subject(request)
    return submit_form(
        request,
        form,
        lambda _data: followup_create(actor=request.user, data={**form.values(), name: subject}),
        success=_("The follow-up was logged."),
        redirect=reverse(SUBJECT_PAGES[name][1], args=[subject.pk]),
        template="customers/records/followup_new.html",
        fragment="customers/records/_followup_form.html",
        context={"followup_form": form, "subject": subject, "subject_kind": name},
    )
