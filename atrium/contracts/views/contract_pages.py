"""Contract pages: a new contract from a deal (its accepted quote's total and terms, the usual four-instalment
plan to adjust), a contract's page (facts, plan with each instalment's status, payments, invoices, 大写),
editing, the plan, a status change, delete (drafts only)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from atrium.contracts.forms import (
    ContractEditForm,
    ContractNewForm,
    PlanForm,
    StatusForm,
    initial_plan,
    place_plan_errors,
    plan_formset,
    plan_rows,
    usual_plan_rows,
)
from atrium.contracts.models import ContractStatus
from atrium.contracts.selectors import (
    contract_get,
    contract_permissions,
    instalments_of,
    invoices_of,
    payments_of,
)
from atrium.contracts.services import (
    contract_create,
    contract_delete,
    contract_plan_save,
    contract_set_status,
    contract_update,
)
from atrium.contracts.services.contracts import accepted_version, contract_defaults, latest_accepted
from atrium.core.access import check_action, require
from atrium.core.errors import NotFound, ValidationFailed
from atrium.core.form_submit import run_action, submit_form
from atrium.sales.models import Quote
from atrium.sales.money import rmb_upper
from atrium.sales.selectors import deal_get


def detail_url(contract_id: int) -> str:
    return reverse("contracts:detail", args=[contract_id])


def _with_plan(formset: Any, write: Any) -> Any:
    def run(data: dict[str, Any]) -> Any:
        try:
            return write(data, plan_rows(formset))
        except ValidationFailed as exc:
            raise place_plan_errors(formset, exc) from None

    return run


def _source(request: HttpRequest) -> tuple[Any, Any, Any]:
    deal = deal_get(request.user, request.POST.get("deal") or request.GET.get("deal"))
    quote_id = request.POST.get("quote") or request.GET.get("quote")
    quote = version = None
    if quote_id:
        quote = Quote.objects.filter(pk=quote_id if str(quote_id).isdigit() else 0, deal=deal).first()
        if quote is None:
            raise NotFound()
        version = accepted_version(quote)
    else:
        quote, version = latest_accepted(deal)
    return deal, quote, version


@login_required
def contract_new(request: HttpRequest) -> HttpResponse:
    require(request.user, "contract", "create")
    deal, quote, version = _source(request)
    defaults = contract_defaults(deal, version)
    initial = {
        **{k: v for k, v in defaults.items() if v is not None},
        "amount": "" if defaults["amount"] is None else f"{defaults['amount']:f}",
        "contact": str(defaults["contact"] or ""),
        "owner": str(deal.owner_id),
        "sign": True,
    }
    form = ContractNewForm(request.POST or None, initial=initial).with_custom(request.user, "contract")
    form.offer(request.user, deal.customer_id, deal.owner)
    formset = plan_formset(request.POST or None, initial=usual_plan_rows(timezone.localdate()))

    def write(data: dict[str, Any], rows: list[dict[str, Any]]) -> Any:
        values = {**form.values(), "deal": deal.pk, "quote": quote.pk if quote else None}
        return contract_create(
            actor=request.user, data={**values, "instalments": rows, "sign": data.get("sign")}
        )

    return submit_form(
        request,
        form,
        _with_plan(formset, write),
        success=lambda c: _("Contract %(number)s was created.") % {"number": c.number},
        redirect=lambda c: detail_url(c.pk),
        template="contracts/contract_new.html",
        context={"form": form, "formset": formset, "deal": deal, "quote": quote, "version": version},
        allowed=lambda: require(request.user, "contract", "create"),
    )


@login_required
@require_GET
def contract_detail(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = contract_get(request.user, contract_id)
    instalments = instalments_of(contract)
    context = {
        "contract": contract,
        "page": contract_permissions(request.user, contract),
        "instalments": instalments,
        "planned": sum((i.amount for i in instalments), 0),
        "payments": payments_of(request.user, contract),
        "invoices": invoices_of(request.user, contract),
        "files": list(contract.files.select_related("uploaded_by")),
        "upper": rmb_upper(contract.amount),
        "statuses": ContractStatus,
    }
    return render(request, "contracts/contract_detail.html", context)


def _initial(contract: Any) -> dict[str, Any]:
    return {
        "title": contract.title,
        "amount": f"{contract.amount:f}",
        "party_a": contract.party_a,
        "party_b": contract.party_b,
        "contact": str(contract.contact_id or ""),
        "signed_on": contract.signed_on,
        "starts_on": contract.starts_on,
        "ends_on": contract.ends_on,
        "owner": str(contract.owner_id),
        "terms": contract.terms,
        "version": contract.version,
    }


@login_required
def contract_edit(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = contract_get(request.user, contract_id)
    check_action(request.user, "contract", "edit", contract)
    form = ContractEditForm(request.POST or None, initial=_initial(contract)).with_custom(
        request.user, "contract", contract
    )
    form.offer(request.user, contract.customer_id, contract.owner)
    return submit_form(
        request,
        form,
        lambda data: contract_update(
            actor=request.user, contract=contract, data=form.values(), version=data["version"]
        ),
        success=_("The changes were saved."),
        redirect=detail_url(contract.pk),
        template="contracts/contract_edit.html",
        context={"form": form, "contract": contract},
        stale_banner=True,
        allowed=lambda: check_action(request.user, "contract", "edit", contract),
    )


@login_required
def contract_plan(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = contract_get(request.user, contract_id)
    check_action(request.user, "contract", "edit", contract)
    form = PlanForm(request.POST or None, initial={"version": contract.version})
    formset = plan_formset(
        request.POST or None, initial=initial_plan(contract.instalments.order_by("position", "id"))
    )
    return submit_form(
        request,
        form,
        _with_plan(
            formset,
            lambda data, rows: contract_plan_save(
                actor=request.user, contract=contract, instalments=rows, version=data["version"]
            ),
        ),
        success=_("The payment plan was saved."),
        redirect=detail_url(contract.pk),
        template="contracts/contract_plan.html",
        context={"form": form, "formset": formset, "contract": contract},
        stale_banner=True,
        allowed=lambda: check_action(request.user, "contract", "edit", contract),
    )


@login_required
@require_POST
def contract_status(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = contract_get(request.user, contract_id)
    form = StatusForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {"status": "", "reason": "", "version": None}
    status = str(data.get("status") or "")
    labels: dict[str, str] = {
        ContractStatus.SIGNED: _("The contract is signed."),
        ContractStatus.ACTIVE: _("The contract is in progress."),
        ContractStatus.COMPLETED: _("The contract is completed."),
        ContractStatus.TERMINATED: _("The contract was terminated."),
    }
    return run_action(
        request,
        lambda: contract_set_status(
            actor=request.user,
            contract=contract,
            status=status,
            version=data["version"],
            reason=data.get("reason") or "",
        ),
        success=labels.get(status, _("The changes were saved.")),
        redirect=detail_url(contract.pk),
    )


@login_required
@require_POST
def contract_delete_view(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = contract_get(request.user, contract_id)
    after = (
        reverse("sales:deal_detail", args=[contract.deal_id])
        if contract.deal_id
        else reverse("contracts:contracts")
    )
    return run_action(
        request,
        lambda: contract_delete(actor=request.user, contract=contract),
        success=_("The contract was deleted."),
        redirect=after,
    )
