"""李明 (sales1) quotes a deal: two lines, the totals and 大写 appear; he sends the quote to the customer's contact
(a real local SMTP server captures the e-mail with its PDF); the client, not signed in, opens the link in that
e-mail and accepts with their name; back on the quote, 李明 sees it accepted by that name. He wins the deal, creates
its contract from the accepted quote with the usual four-instalment plan, records a first partial payment and
sees the balance and the instalment partly received."""

import re

import pytest
from playwright.sync_api import expect

from atrium.customers.models import Contact
from atrium.customers.services import customer_create
from atrium.sales.models import Pipeline
from atrium.sales.services import deal_create
from atrium.testing.served import serving
from tests.smtp_capture import body_text, smtp_server  # noqa: F401  (pytest fixture)


@pytest.fixture
def site(transactional_db, personas):
    with serving() as port:
        yield f"http://127.0.0.1:{port}"


def test_a_quote_is_sent_and_accepted_through_its_link(
    browser,
    browser_context_args,
    site,
    personas,
    smtp_server,  # noqa: F811
    csp_guard,
):
    customer = customer_create(actor=personas.sales1, data={"name": "华景家园张先生"})
    Contact.objects.create(customer=customer, name="张先生", email="zhang@client.example", is_primary=True)
    pipeline = Pipeline.objects.order_by("position", "id").first()
    deal = deal_create(
        actor=personas.sales1, data={"title": "全屋装修", "customer": customer.pk, "pipeline": pipeline.pk}
    )

    context = browser.new_context(**browser_context_args)
    csp_guard(context)
    page = context.new_page()
    page.goto(f"{site}/accounts/login/")
    page.fill("input[name=login]", "sales1")
    page.fill("input[name=password]", "atrium-demo")
    page.click("button[type=submit]")
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    page.goto(f"{site}/deals/{deal.pk}/")
    page.get_by_test_id("new-quote").click()
    page.fill("input[name=lines-0-description]", "客厅地面铺贴")
    page.fill("input[name=lines-0-unit]", "㎡")
    page.fill("input[name=lines-0-quantity]", "35.5")
    page.fill("input[name=lines-0-unit_price]", "120")
    page.fill("input[name=lines-0-tax_rate]", "9")
    page.fill("input[name=lines-1-description]", "水电改造")
    page.fill("input[name=lines-1-quantity]", "1")
    page.fill("input[name=lines-1-unit_price]", "18000")
    page.get_by_test_id("save-quote").click()
    expect(page.get_by_test_id("quote-total")).to_have_text("¥22,643.40")
    expect(page.get_by_test_id("quote-upper")).to_contain_text("贰万贰仟陆佰肆拾叁元肆角整")

    page.get_by_test_id("quote-send").click()
    page.get_by_test_id("send-quote").click()
    expect(page.get_by_test_id("quote-status")).to_contain_text("已发送")
    mail = smtp_server.wait_for(to="zhang@client.example")
    assert [part.get_content_type() for part in mail.iter_attachments()] == ["application/pdf"]
    link = re.search(r"https?://\S+(/q/\S+/)", body_text(mail))
    assert link, body_text(mail)

    visitor = browser.new_context(**browser_context_args)  # the client: no account, not signed in
    csp_guard(visitor)
    client_page = visitor.new_page()
    client_page.goto(site + link.group(1))
    expect(client_page.get_by_test_id("public-total")).to_have_text("¥22,643.40")
    client_page.get_by_test_id("accept-quote").click()
    expect(client_page.locator(".error")).to_contain_text("请输入您的姓名")  # accepting needs the typed name
    client_page.fill("#answer-name", "张三")
    client_page.get_by_test_id("accept-quote").click()
    expect(client_page.get_by_test_id("answer-done")).to_contain_text("张三")
    visitor.close()

    page.reload()
    expect(page.get_by_test_id("quote-status")).to_contain_text("已接受")
    expect(page.get_by_test_id("quote-accepted")).to_contain_text("张三")

    page.goto(f"{site}/deals/{deal.pk}/edit/")
    page.select_option("select[name=stage]", label="销售流程 · 成交")
    page.fill("input[name=amount]", "22643.40")
    page.get_by_test_id("save-deal").click()
    expect(page.get_by_test_id("deal-state")).to_contain_text("赢单")
    page.get_by_test_id("new-contract").click()
    expect(page.get_by_test_id("contract-source")).to_contain_text("¥22,643.40")
    expect(page.locator("[data-instalment-row]")).to_have_count(6)  # the usual four, and two empty rows
    page.get_by_test_id("save-contract").click()
    expect(page.get_by_test_id("contract-status")).to_have_text("已签约")
    expect(page.get_by_test_id("instalment-status")).to_have_count(4)
    page.get_by_test_id("record-payment").click()
    page.fill("input[name=amount]", "5000")
    page.get_by_test_id("save-payment").click()
    expect(page.get_by_test_id("contract-outstanding")).to_have_text("¥17,643.40")
    expect(page.get_by_test_id("instalment-status").first).to_have_text("部分收款")
    context.close()
