"""The customer settings page (/settings/customers/): the pool rules (the lists of industries, sources, levels,
tags and follow-up types are the choice lists' page, /settings/choice-lists/). Viewing needs customer_settings
view, changing it edit (403 else)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from atrium.core.access import require
from atrium.core.errors import Forbidden, NotFound, ServiceError, ValidationFailed
from atrium.core.form_submit import show_service_errors
from atrium.customers.forms.settings import PoolSettingsForm
from atrium.customers.services import pool_settings_update
from atrium.customers.views.page_data import settings_page


def _parsed(form: forms.Form) -> dict[str, Any]:
    if not form.is_valid():
        raise ValidationFailed({name: [str(e) for e in errors] for name, errors in form.errors.items()})
    return form.cleaned_data


def _pool(request: HttpRequest) -> str:
    data = _parsed(PoolSettingsForm(request.POST))
    pool_settings_update(
        actor=request.user,
        claim_limit=data["claim_limit"],
        return_after_days=data["return_after_days"],
        version=data["version"],
    )
    return _("The pool rules were saved.")


CHANGES: dict[str, Callable[[HttpRequest], str]] = {
    "pool": _pool,
}


def _page(request: HttpRequest, status: int = 200, **extra: Any) -> HttpResponse:
    page = settings_page(request.user)
    rules = page.pool
    pool_form = extra.pop("pool_form", None) or PoolSettingsForm(
        initial={
            "claim_limit": rules.claim_limit,
            "return_after_days": rules.return_after_days,
            "version": rules.version,
        }
    )
    context = {"page": page, "pool_form": pool_form, **extra}
    return render(request, "customers/records/settings.html", context, status=status)


def _refused(request: HttpRequest, op: str, exc: ServiceError) -> HttpResponse:
    """Show the refusal beside the pool field."""
    form = PoolSettingsForm(request.POST)
    form.is_valid()
    return _page(request, exc.status, pool_form=show_service_errors(form, exc))


@login_required
def customer_settings(request: HttpRequest) -> HttpResponse:
    require(request.user, "customer_settings", "view")
    if request.method != "POST":
        return _page(request)
    require(request.user, "customer_settings", "edit")  # the right before the input
    op = request.POST.get("op", "")
    change = CHANGES.get(op)
    if change is None:
        return _page(request, 400, error=_("Unknown change."))
    try:
        message = change(request)
    except (Forbidden, NotFound):
        raise
    except ServiceError as exc:
        return _refused(request, op, exc)
    messages.success(request, message)
    return redirect("customers:settings")
