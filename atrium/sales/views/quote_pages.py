"""Quote pages: a new quote for a deal (its first version's lines), a quote's page (a version's lines, totals
and 大写, its history of versions), editing a draft version, starting a new version, marking a version sent /
accepted / asked to change, the difference between two versions, and the PDF of a version (through the
access layer: 404 for whoever may not see the quote)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from atrium.core.access import check_action, require
from atrium.core.errors import ValidationFailed
from atrium.core.form_submit import run_action, submit_form
from atrium.sales.money import rmb_upper
from atrium.sales.quote_forms import (
    QuoteSendForm,
    QuoteVersionForm,
    initial_lines,
    line_formset,
    lines_of,
    place_line_errors,
)
from atrium.sales.quote_pdf import pdf_file_name, quote_pdf
from atrium.sales.selectors import deal_get, quote_get, quote_version_of, versions_diff
from atrium.sales.services.quote_answers import quote_version_send
from atrium.sales.services.quotes import (
    quote_create,
    quote_delete,
    quote_version_mark,
    quote_version_new,
    quote_version_save,
)


def _quote_url(quote_id: int, number: int | None = None) -> str:
    url = reverse("sales:quote_detail", args=[quote_id])
    return f"{url}?v={number}" if number else url


def _with_lines(formset: Any, write: Any) -> Any:
    """Run the write with the formset's rows; a line's refusal goes beside its field."""

    def run(data: dict[str, Any]) -> Any:
        try:
            return write(data, lines_of(formset))
        except ValidationFailed as exc:
            raise place_line_errors(formset, exc) from None

    return run


@login_required
def quote_new(request: HttpRequest, deal_id: int) -> HttpResponse:
    deal = deal_get(request.user, deal_id)

    def allowed() -> None:
        require(request.user, "quote", "create")
        check_action(request.user, "deal", "edit", deal)

    allowed()
    form = QuoteVersionForm(request.POST or None, initial={"title": deal.title})
    formset = line_formset(request.POST or None)
    return submit_form(
        request,
        form,
        _with_lines(
            formset,
            lambda data, lines: quote_create(
                actor=request.user,
                deal=deal,
                data={
                    "title": data["title"],
                    "valid_until": data["valid_until"],
                    "terms": data["terms"],
                    "lines": lines,
                },
            ),
        ),
        success=lambda quote: _("Quote %(number)s was created.") % {"number": quote.number},
        redirect=lambda quote: _quote_url(quote.pk),
        template="sales/quote_edit.html",
        context={"form": form, "formset": formset, "deal": deal, "quote": None},
        allowed=allowed,
    )


@login_required
@require_GET
def quote_detail(request: HttpRequest, quote_id: int) -> HttpResponse:
    quote = quote_get(request.user, quote_id)
    version, versions = quote_version_of(quote, request.GET.get("v"))
    previous = next((v for v in reversed(versions) if v.number < version.number), None)
    try:
        check_action(request.user, "quote", "edit", quote)
        can_edit = True
    except Exception:
        can_edit = False
    context = {
        "quote": quote,
        "deal": quote.deal,
        "version": version,
        "versions": versions,
        "previous": previous,
        "lines": list(version.lines.select_related("product").order_by("position")),
        "upper": rmb_upper(version.total),
        "can_edit": can_edit,
        "latest": versions[-1],
    }
    return render(request, "sales/quote_detail.html", context)


@login_required
def quote_version_edit(request: HttpRequest, quote_id: int, number: int) -> HttpResponse:
    quote = quote_get(request.user, quote_id)
    check_action(request.user, "quote", "edit", quote)
    version, _versions = quote_version_of(quote, number)
    initial = {
        "title": quote.title,
        "valid_until": version.valid_until,
        "terms": version.terms,
        "version": version.version,
    }
    form = QuoteVersionForm(request.POST or None, initial=initial)
    formset = line_formset(request.POST or None, initial=initial_lines(version))
    return submit_form(
        request,
        form,
        _with_lines(
            formset,
            lambda data, lines: quote_version_save(
                actor=request.user,
                quote=quote,
                number=version.number,
                data={"valid_until": data["valid_until"], "terms": data["terms"], "lines": lines},
                version=data["version"],
            ),
        ),
        success=_("The quote was saved."),
        redirect=_quote_url(quote.pk, version.number),
        template="sales/quote_edit.html",
        context={"form": form, "formset": formset, "deal": quote.deal, "quote": quote, "version": version},
        stale_banner=True,
        allowed=lambda: check_action(request.user, "quote", "edit", quote),
    )


@login_required
@require_POST
def quote_version_new_view(request: HttpRequest, quote_id: int) -> HttpResponse:
    quote = quote_get(request.user, quote_id)
    return run_action(
        request,
        lambda: quote_version_new(actor=request.user, quote=quote),
        success=lambda v: (
            _("Version %(number)d was started as a copy: edit it, then send it.") % {"number": v.number}
        ),
        redirect=lambda v: (
            reverse("sales:quote_version_edit", args=[quote.pk, v.number]) if v else _quote_url(quote.pk)
        ),
    )


@login_required
@require_POST
def quote_version_mark_view(request: HttpRequest, quote_id: int, number: int) -> HttpResponse:
    quote = quote_get(request.user, quote_id)
    check_action(request.user, "quote", "edit", quote)  # the right before the input
    status = request.POST.get("status", "")
    return run_action(
        request,
        lambda: quote_version_mark(
            actor=request.user, quote=quote, number=number, status=status, version=request.POST.get("version")
        ),
        success=lambda v: (
            _("Version %(number)d is now %(status)s.")
            % {"number": v.number, "status": v.get_status_display()}
        ),
        redirect=_quote_url(quote.pk, number),
    )


@login_required
@require_POST
def quote_delete_view(request: HttpRequest, quote_id: int) -> HttpResponse:
    quote = quote_get(request.user, quote_id)
    deal_id = quote.deal_id
    return run_action(
        request,
        lambda: quote_delete(actor=request.user, quote=quote),
        success=_("The quote was deleted."),
        redirect=lambda result: reverse("sales:deal_detail", args=[deal_id]),
    )


@login_required
@require_GET
def quote_compare(request: HttpRequest, quote_id: int) -> HttpResponse:
    quote = quote_get(request.user, quote_id)
    newer, versions = quote_version_of(quote, request.GET.get("v"))
    older, _all = quote_version_of(quote, request.GET.get("with"))
    if older.number >= newer.number:
        older = next((v for v in reversed(versions) if v.number < newer.number), versions[0])
    context = {
        "quote": quote,
        "deal": quote.deal,
        "older": older,
        "newer": newer,
        "changes": versions_diff(older, newer),
    }
    return render(request, "sales/quote_compare.html", context)


@login_required
@require_GET
def quote_version_pdf(request: HttpRequest, quote_id: int, number: int) -> HttpResponse:
    quote = quote_get(request.user, quote_id)
    version, _versions = quote_version_of(quote, number)
    response = HttpResponse(quote_pdf(quote, version), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf_file_name(quote, version)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def quote_version_send_view(request: HttpRequest, quote_id: int, number: int) -> HttpResponse:
    quote = quote_get(request.user, quote_id)
    check_action(request.user, "quote", "edit", quote)
    version, _versions = quote_version_of(quote, number)
    form = QuoteSendForm(request.POST or None, initial={"version": version.version}).offer(
        quote.deal.customer
    )
    return submit_form(
        request,
        form,
        lambda data: quote_version_send(
            actor=request.user,
            quote=quote,
            number=version.number,
            contact=data["contact"],
            message=data.get("message", ""),
            version=data["version"],
        ),
        success=lambda v: _("The quote is on its way to %(to)s.") % {"to": v.sent_to},
        redirect=_quote_url(quote.pk, version.number),
        template="sales/quote_send.html",
        context={"form": form, "quote": quote, "deal": quote.deal, "version": version},
        stale_banner=True,
        allowed=lambda: check_action(request.user, "quote", "edit", quote),
    )
