"""The e-mail that carries a quote version to the client: in Chinese (the client has no account, hence no
language of their own), from the salesperson's company, with the PDF attached and the signed link to read and
answer it online. Sent by the worker on ``quote.email_requested`` (after the sending committed; the outbox
retries while the mail server is down)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from atrium.company.selectors import company_profile
from atrium.core.events import subscribe
from atrium.customers.models import Contact
from atrium.notifications.email_messages import absolute_url, render_text
from atrium.sales import events  # noqa: F401  (declares the event subscribed to here)
from atrium.sales.models import Quote, QuoteVersion
from atrium.sales.quote_links import quote_link_token
from atrium.sales.quote_pdf import pdf_file_name, quote_pdf


def quote_link(quote_id: int, number: int) -> str:
    return absolute_url(reverse("sales:quote_public", args=[quote_link_token(quote_id, number)]))


def quote_email(
    quote: Quote, version: QuoteVersion, contact: Contact, message: str
) -> EmailMultiAlternatives:
    owner = quote.deal.owner
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "quote": quote,
            "version": version,
            "contact": contact,
            "message": message,
            "owner": owner,
            "company": company_profile(),
            "link": quote_link(quote.pk, version.number),
        }
        subject = " ".join(render_text("sales/email/quote_subject.txt", context).split())
        text = render_text("sales/email/quote_message.txt", context)
        html = render_to_string("sales/email/quote_message.html", context)
        pdf = quote_pdf(quote, version)
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[contact.email],
        reply_to=[owner.email] if owner.email else None,
    )
    email.attach_alternative(html, "text/html")
    email.attach(pdf_file_name(quote, version), pdf, "application/pdf")
    return email


def send_quote_email(
    *, quote_id: int, version_number: int, contact_id: int, message: str, **_delivery: Any
) -> None:
    quote = Quote.objects.select_related("deal__owner", "deal__customer").filter(pk=quote_id).first()
    version = QuoteVersion.objects.filter(quote_id=quote_id, number=version_number).first()
    contact = Contact.objects.filter(pk=contact_id).first()
    if quote is None or version is None or contact is None or not contact.email:
        return
    quote_email(quote, version, contact, message).send()


subscribe("quote.email_requested", send_quote_email)
