"""The customer settings page (/settings/customers/): the industry and source lists (add, rename,
deactivate, order) and the pool rules. Viewing needs customer_settings view, changing it edit (403 else)."""

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
from atrium.core.form_submit import first_message, show_service_errors
from atrium.customers.forms.settings import OptionMoveForm, OptionNewForm, OptionRenameForm, PoolSettingsForm
from atrium.customers.models import ChoiceOption
from atrium.customers.services import (
    option_create,
    option_update,
    options_reorder,
    pool_settings_update,
)
from atrium.customers.views.page_data import moved_order, settings_page


def _parsed(form: forms.Form) -> dict[str, Any]:
    if not form.is_valid():
        raise ValidationFailed({name: [str(e) for e in errors] for name, errors in form.errors.items()})
    return form.cleaned_data


def _option_id(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("option", ""))
    except ValueError:
        raise NotFound() from None


def _add(request: HttpRequest) -> str:
    data = _parsed(OptionNewForm(request.POST))
    option = option_create(actor=request.user, option_list=data["list"], value=data["value"])
    return _("“%(value)s” was added.") % {"value": option.value}


def _rename(request: HttpRequest) -> str:
    data = _parsed(OptionRenameForm(request.POST))
    option_update(actor=request.user, option=_option_id(request), value=data["value"])
    return _("The option was renamed; the records that used it follow.")


def _toggle(request: HttpRequest) -> str:
    require(request.user, "customer_settings", "edit")
    option = ChoiceOption.objects.filter(pk=_option_id(request)).first()
    if option is None:
        raise NotFound()
    option_update(actor=request.user, option=option, is_active=not option.is_active)
    return _("The option was deactivated.") if option.is_active else _("The option was activated again.")


def _move(request: HttpRequest) -> str:
    data = _parsed(OptionMoveForm(request.POST))
    option = ChoiceOption.objects.filter(pk=_option_id(request)).first()
    if option is None:
        raise NotFound()
    ids = moved_order(option.list, option.pk, data["direction"])
    options_reorder(actor=request.user, option_list=option.list, ids=ids)
    return _("The order was saved.")


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
    "add": _add,
    "rename": _rename,
    "toggle": _toggle,
    "move": _move,
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
    """Show the refusal where it belongs: beside the pool field, the option row or the list's add form."""
    if op == "pool":
        form = PoolSettingsForm(request.POST)
        form.is_valid()
        return _page(request, exc.status, pool_form=show_service_errors(form, exc))
    target = request.POST.get("option") or request.POST.get("list") or ""
    return _page(request, exc.status, error_op=op, error_target=target, error=first_message(exc))


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
