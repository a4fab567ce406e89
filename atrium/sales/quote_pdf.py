"""A quote version as a PDF (WeasyPrint): the company's name, logo, address, phone and bank from the settings
centre, the customer, the lines, the totals and the total in Chinese capitals (大写). The CJK font is embedded
(Noto Sans CJK, installed with the system's fonts); the logo is embedded as a data URI, so nothing is fetched."""

from __future__ import annotations

import base64
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from atrium.company.selectors import company_logo, company_profile
from atrium.sales.money import rmb_upper


def quote_pdf_html(quote: Any, version: Any) -> str:
    logo = company_logo()
    context = {
        "company": company_profile(),
        "logo": f"data:{logo[1]};base64,{base64.b64encode(logo[0]).decode()}" if logo else "",
        "quote": quote,
        "deal": quote.deal,
        "customer": quote.deal.customer,
        "contact": quote.deal.contacts.order_by("-is_primary", "pk").first(),
        "version": version,
        "lines": list(version.lines.order_by("position")),
        "upper": rmb_upper(version.total),
        "printed": timezone.localtime(),
        "owner": quote.deal.owner,
    }
    return render_to_string("sales/quote_pdf.html", context)


def quote_pdf(quote: Any, version: Any) -> bytes:
    from weasyprint import HTML

    return HTML(string=quote_pdf_html(quote, version)).write_pdf()


def pdf_file_name(quote: Any, version: Any) -> str:
    return f"{quote.number}-v{version.number}.pdf"
