"""The sales manager filters the customer list by owner, ticks two of 李明's (sales1) customers and transfers
them to 张华 (sales2) in one bulk action; 张华 then finds them in her list (and is told), 李明 no longer does."""

import re

from playwright.sync_api import expect

from atrium.customers.models import Customer
from atrium.customers.services import customer_create

MOVED = ("朝阳区王女士家装", "海淀区赵先生别墅")
KEPT = "通州区李先生旧房翻新"
SALES2_OWN = "丰台区陈女士新房"


def _sign_out(page, site):
    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(f"{site}/accounts/login/")


def _open_customer_list(page):
    page.locator("nav.nav").get_by_role("link", name=re.compile("客户$")).click()
    expect(page.get_by_test_id("list-table")).to_be_visible()
    # The filters submit themselves through HTMX, which starts once the page has loaded: a change made
    # before that (faster than a person) would be lost.
    page.wait_for_load_state("load")


def test_manager_transfers_customers_from_one_rep_to_another(page, site, sign_in, personas):
    moved = [customer_create(actor=personas.sales1, data={"name": name}) for name in MOVED]
    kept = customer_create(actor=personas.sales1, data={"name": KEPT})
    customer_create(actor=personas.sales2, data={"name": SALES2_OWN})

    sign_in("manager")
    _open_customer_list(page)
    table = page.get_by_test_id("list-table")
    for name in (*MOVED, KEPT, SALES2_OWN):
        expect(table).to_contain_text(name)

    page.get_by_test_id("list-filters").get_by_role("combobox", name="负责人").select_option(label="李明")
    expect(page).to_have_url(re.compile(rf"owner={personas.sales1.pk}"))
    expect(table.get_by_text(SALES2_OWN)).to_have_count(0)
    for name in MOVED:
        page.get_by_label(f"选择 {name}", exact=True).check()
    page.get_by_label("转移给", exact=True).select_option(label="张华")
    page.get_by_role("button", name="转移", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("已转移 2 位客户")
    # The list still filters on 李明: the two transferred customers have left it, the third stays.
    for name in MOVED:
        expect(table.get_by_text(name)).to_have_count(0)
    expect(table).to_contain_text(KEPT)
    assert set(Customer.objects.filter(pk__in=[c.pk for c in moved]).values_list("owner", flat=True)) == {
        personas.sales2.pk
    }
    assert Customer.objects.get(pk=kept.pk).owner_id == personas.sales1.pk

    _sign_out(page, site)
    sign_in("sales2")
    _open_customer_list(page)
    for name in (*MOVED, SALES2_OWN):
        expect(table).to_contain_text(name)
    expect(table.get_by_text(KEPT)).to_have_count(0)
    page.get_by_role("link", name=MOVED[0]).click()
    expect(page.get_by_test_id("owner")).to_have_text("张华")

    _sign_out(page, site)
    sign_in("sales1")
    _open_customer_list(page)
    expect(table).to_contain_text(KEPT)
    for name in MOVED:
        expect(table.get_by_text(name)).to_have_count(0)
    page.goto(f"{site}/customers/{moved[0].pk}/")
    expect(page.get_by_text(MOVED[0])).to_have_count(0)
