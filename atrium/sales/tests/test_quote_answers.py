"""A quote version e-mailed to the client (a real SMTP server captures it: the PDF attached, the signed link in
the text) and the client's answer through that link: accept once with their name, ask for changes; a tampered,
expired, reused or replaced link answers a clear page; acceptance tells the owner and moves the deal only when
the pipeline says so."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from atrium.core.errors import ValidationFailed
from atrium.customers.models import Contact
from atrium.notifications.models import Notification
from atrium.sales.models import Deal, QuoteVersion
from atrium.sales.quote_links import quote_link_token
from atrium.sales.services import deal_create, pipeline_update
from atrium.sales.services.quote_answers import quote_version_send
from atrium.sales.services.quotes import quote_create, quote_version_new
from tests.smtp_capture import smtp_server  # noqa: F401  (pytest fixture)

pytestmark = pytest.mark.django_db

LINES = [
    {"description": "全屋水电改造", "unit": "项", "quantity": "1", "unit_price": "18000", "tax_rate": "9"}
]


@pytest.fixture
def sent(personas, customers, pipeline, smtp_server, django_capture_on_commit_callbacks):  # noqa: F811
    customer = customers["sales1"]
    contact = Contact.objects.create(customer=customer, name="张先生", email="zhang@client.example")
    deal = deal_create(
        actor=personas.sales1, data={"title": "全屋装修", "customer": customer.pk, "pipeline": pipeline.pk}
    )
    quote = quote_create(actor=personas.sales1, deal=deal, data={"title": "全屋装修报价", "lines": LINES})
    with django_capture_on_commit_callbacks(execute=True):
        quote_version_send(
            actor=personas.sales1, quote=quote, number=1, contact=contact, message="请查收", version=1
        )
    mail = smtp_server.wait_for(to="zhang@client.example")
    return {"deal": deal, "quote": quote, "contact": contact, "mail": mail}


def _link(mail) -> str:
    text = mail.get_body(preferencelist=("plain",)).get_content()
    found = re.search(r"https?://\S+/q/\S+/", text)
    assert found is not None, text
    return found.group(0)


def test_the_email_carries_the_pdf_and_the_link(sent):
    mail = sent["mail"]
    assert sent["quote"].number in str(mail["Subject"])
    attachments = list(mail.iter_attachments())
    assert [a.get_content_type() for a in attachments] == ["application/pdf"]
    assert attachments[0].get_content().startswith(b"%PDF")
    assert "请查收" in mail.get_body(preferencelist=("plain",)).get_content()
    version = QuoteVersion.objects.get()
    assert (version.status, version.sent_to) == ("sent", "zhang@client.example")


def test_the_client_accepts_once_and_the_owner_is_told(sent, personas, django_capture_on_commit_callbacks):
    path = _link(sent["mail"]).split("://", 1)[1].split("/", 1)[1]
    client = Client()
    page = client.get("/" + path)
    assert page.status_code == 200 and "¥19,620.00" in page.content.decode()
    assert client.get("/" + path + "pdf").content.startswith(b"%PDF")
    refused = client.post("/" + path, {"answer": "accept", "name": ""})
    assert refused.status_code == 400 and "请输入您的姓名以接受报价" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post("/" + path, {"answer": "accept", "name": "张三"}, REMOTE_ADDR="203.0.113.9")
    assert done.status_code == 200 and "张三" in done.content.decode()
    version = QuoteVersion.objects.get()
    assert (version.status, version.answered_by) == ("accepted", "张三") and version.accepted_at is not None
    note = Notification.objects.get(recipient=personas.sales1, kind="sales.quote_answered")
    assert "接受了报价" in note.title
    again = client.post("/" + path, {"answer": "accept", "name": "李四"})
    assert again.status_code == 409 and "已经答复过" in again.content.decode()
    assert QuoteVersion.objects.get().answered_by == "张三"


def test_a_request_for_changes_is_kept_with_its_comment(sent):
    path = "/" + _link(sent["mail"]).split("://", 1)[1].split("/", 1)[1]
    assert Client().post(path, {"answer": "changes", "comment": ""}).status_code == 400
    assert Client().post(path, {"answer": "changes", "comment": "地面改用木地板"}).status_code == 200
    version = QuoteVersion.objects.get()
    assert (version.status, version.client_comment) == ("changes_requested", "地面改用木地板")


@pytest.mark.parametrize("how", ["tampered", "foreign", "garbage"])
def test_a_bad_link_answers_a_clear_page(sent, how):
    token = quote_link_token(sent["quote"].pk, 1)
    if how == "tampered":
        token = token[:-2] + ("aa" if not token.endswith("aa") else "bb")
    elif how == "foreign":
        token = signing.TimestampSigner(salt="another.purpose").sign_object({"q": sent["quote"].pk, "v": 1})
    else:
        token = "不是链接"
    page = Client().get(reverse("sales:quote_public", args=[token]))
    assert page.status_code == 400 and "此链接无法使用" in page.content.decode()
    assert (
        Client()
        .post(reverse("sales:quote_public", args=[token]), {"answer": "accept", "name": "x"})
        .status_code
        == 400
    )
    assert QuoteVersion.objects.get().status == "sent"


def test_an_old_or_expired_link_is_refused(sent, personas, monkeypatch):
    link = reverse("sales:quote_public", args=[quote_link_token(sent["quote"].pk, 1)])
    later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=61)
    monkeypatch.setattr("django.core.signing.time.time", lambda: later.timestamp())
    assert Client().get(link).status_code == 410
    monkeypatch.undo()
    # A newer version replaces it: the old link shows the quote but no longer takes an answer.
    QuoteVersion.objects.filter(number=1).update(status="changes_requested")
    quote_version_new(actor=personas.sales1, quote=sent["quote"])
    page = Client().post(link, {"answer": "accept", "name": "张三"})
    assert page.status_code == 409
    assert QuoteVersion.objects.get(number=1).status == "changes_requested"


def test_acceptance_moves_the_deal_when_the_pipeline_says_so(sent, pipeline, stages, personas):
    pipeline_update(
        actor=personas.admin,
        pipeline=pipeline,
        data={"accepted_quote_stage": stages["谈判"].pk},
        version=pipeline.version,
    )
    path = "/" + _link(sent["mail"]).split("://", 1)[1].split("/", 1)[1]
    Client().post(path, {"answer": "accept", "name": "张三"})
    deal = Deal.objects.get(pk=sent["deal"].pk)
    # 谈判 needs an amount: the deal had none, so it took the quote's total.
    assert deal.stage == stages["谈判"] and deal.amount == Decimal("19620.00")


def test_sending_needs_a_contact_with_an_email_of_the_customer(personas, customers, pipeline):
    deal = deal_create(
        actor=personas.sales1,
        data={"title": "x", "customer": customers["sales1"].pk, "pipeline": pipeline.pk},
    )
    quote = quote_create(actor=personas.sales1, deal=deal, data={"lines": LINES})
    no_email = Contact.objects.filter(customer=customers["sales1"]).first()
    other = Contact.objects.filter(customer=customers["sales2"]).first()
    for contact in (no_email, other):
        with pytest.raises(ValidationFailed) as refused:
            quote_version_send(actor=personas.sales1, quote=quote, number=1, contact=contact, version=1)
        assert "contact" in refused.value.fields
    assert QuoteVersion.objects.get(quote=quote).status == "draft"
