"""The client's pages of a sent quote, reached by the signed link in the e-mail (no sign-in): the quote (lines,
totals, 大写, the PDF), and the answer — accept with a name typed, or ask for changes with a comment. A tampered,
expired, answered or replaced link answers a clear page (400 / 410), never an error page; the link reaches that
version only and nothing else of Atrium."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from atrium.core.errors import ServiceError, ValidationFailed
from atrium.core.form_submit import first_message
from atrium.core.request_context import current_request_context
from atrium.sales.models import QuoteStatus
from atrium.sales.money import rmb_upper
from atrium.sales.quote_links import LinkRefused, past_validity, read_quote_link
from atrium.sales.quote_pdf import pdf_file_name, quote_pdf
from atrium.sales.services.quote_answers import answerable_version, quote_version_answer

TEMPLATE = "sales/public/quote.html"


def _refused(request: HttpRequest, reason: str) -> HttpResponse:
    status = 410 if reason == "expired" else 400
    return render(request, "sales/public/refused.html", {"reason": reason}, status=status)


@never_cache
@csrf_protect
def quote_public(request: HttpRequest, token: str) -> HttpResponse:
    try:
        target = read_quote_link(token)
        quote, version = answerable_version(target)
    except LinkRefused as refused:
        return _refused(request, refused.reason)
    context = {
        "token": token,
        "quote": quote,
        "version": version,
        "lines": list(version.lines.order_by("position")),
        "upper": rmb_upper(version.total),
        "owner": quote.deal.owner,
        "expired": past_validity(version.valid_until),
        "answerable": version.status == QuoteStatus.SENT and not past_validity(version.valid_until),
        "errors": {},
        "values": {},
    }
    status = 200
    if request.method == "POST":
        accept = request.POST.get("answer") == "accept"
        values = {"name": request.POST.get("name", ""), "comment": request.POST.get("comment", "")}
        try:
            version = quote_version_answer(
                target=target,
                accept=accept,
                name=values["name"],
                comment=values["comment"],
                ip=current_request_context().ip or None,
            )
        except LinkRefused as refused:
            return _refused(request, refused.reason)
        except ValidationFailed as exc:
            context.update(errors=exc.fields, values=values)
            status = 400
        except ServiceError as exc:
            context.update(message=first_message(exc), answerable=False)
            status = 409
        else:
            context.update(version=version, answerable=False, done=True)
    return render(request, TEMPLATE, context, status=status)


@never_cache
def quote_public_pdf(request: HttpRequest, token: str) -> HttpResponse:
    try:
        quote, version = answerable_version(read_quote_link(token))
    except LinkRefused as refused:
        return _refused(request, refused.reason)
    response = HttpResponse(quote_pdf(quote, version), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf_file_name(quote, version)}"'
    return response
