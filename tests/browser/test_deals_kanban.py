"""Over the production server (websockets included): 李明 (sales1) works his kanban while the admin watches the
same pipeline in another browser. He drags a deal to 报价 — the admin's column figures follow without a
reload; he drags it to 输单 — the board asks for the lost reason, and the deal is lost with it; a card whose deal
changed meanwhile goes back with the message."""

import pytest
from playwright.sync_api import expect

from atrium.customers.services import customer_create
from atrium.sales.models import Deal, Pipeline
from atrium.sales.services import deal_create, deal_update
from atrium.testing.served import serving


@pytest.fixture
def served_site(transactional_db, personas):
    with serving() as port:
        yield f"http://127.0.0.1:{port}"


def _signed_in(browser, browser_context_args, site, username, csp_guard):
    context = browser.new_context(**browser_context_args, viewport={"width": 2200, "height": 1000})
    csp_guard(context)
    page = context.new_page()
    page.goto(f"{site}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", "atrium-demo")
    page.click("button[type=submit]")
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    return page


def _column(page, name):
    return page.get_by_test_id("board-column").filter(has=page.locator("h2", has_text=name))


def test_moving_deals_on_the_kanban(browser, browser_context_args, served_site, personas, csp_guard):
    pipeline = Pipeline.objects.order_by("position", "id").first()
    stages = {s.name: s for s in pipeline.stages.all()}
    customer = customer_create(actor=personas.sales1, data={"name": "华景家园张先生"})
    deal = deal_create(
        actor=personas.sales1,
        data={
            "title": "全屋装修 120㎡",
            "customer": customer.pk,
            "pipeline": pipeline.pk,
            "amount": "128000",
        },
    )
    other = deal_create(
        actor=personas.sales1,
        data={"title": "厨卫改造 20㎡", "customer": customer.pk, "pipeline": pipeline.pk, "amount": "36000"},
    )
    board = f"{served_site}/deals/board/{pipeline.pk}/"
    rep = _signed_in(browser, browser_context_args, served_site, "sales1", csp_guard)
    watcher = _signed_in(browser, browser_context_args, served_site, "admin", csp_guard)
    for page in (rep, watcher):
        page.goto(board)
        expect(page.locator("body")).to_have_attribute("data-realtime-state", "open")
    expect(_column(watcher, "报价").get_by_test_id("column-count")).to_have_text("0")

    card = rep.locator(f'[data-deal="{deal.pk}"]')
    card.drag_to(_column(rep, "报价").locator(".board-cards"))
    expect(_column(rep, "报价").locator(f'[data-deal="{deal.pk}"]')).to_be_visible()
    # The other browser hears of it and re-reads its own figures: no reload.
    expect(_column(watcher, "报价").get_by_test_id("column-count")).to_have_text("1")
    expect(_column(watcher, "报价").get_by_test_id("column-total")).to_have_text("¥128,000.00")
    assert Deal.objects.get(pk=deal.pk).stage == stages["报价"]

    card.drag_to(_column(rep, "输单").locator(".board-cards"))
    dialog = rep.locator("#move-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator('[data-move-field="lost_reason"]')).to_be_visible()
    expect(dialog.locator('[data-move-field="amount"]')).to_be_hidden()
    dialog.locator("select[name=lost_reason]").select_option("价格太高")
    dialog.get_by_test_id("move-confirm").click()
    expect(dialog).to_be_hidden()
    expect(_column(watcher, "输单").get_by_test_id("column-count")).to_have_text("1")
    lost = Deal.objects.get(pk=deal.pk)
    assert (lost.state, lost.lost_reason) == ("lost", "价格太高")

    # Someone else edits the other deal after the board was drawn: its drop is refused and the card goes back.
    deal_update(actor=personas.sales1, deal=other, data={"title": "厨卫改造 25㎡"}, version=other.version)
    rep.locator(f'[data-deal="{other.pk}"]').drag_to(_column(rep, "需求分析").locator(".board-cards"))
    expect(rep.locator("#toasts")).to_contain_text("卡片已退回原处")
    expect(_column(rep, "潜在客户").locator(f'[data-deal="{other.pk}"]')).to_be_visible()
    assert Deal.objects.get(pk=other.pk).stage == stages["潜在客户"]
    rep.context.close()
    watcher.context.close()
