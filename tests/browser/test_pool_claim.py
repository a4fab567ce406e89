"""A sales rep opens the customer pool (公海), claims a customer there, and finds it in their own customer list;
the customer they did not claim stays in the pool."""

import re

from playwright.sync_api import expect

from atrium.customers.models import Customer
from atrium.customers.services import customer_create


def test_sales_rep_claims_a_customer_from_the_pool(page, site, sign_in, personas):
    claimed = customer_create(
        actor=personas.admin, data={"name": "朝阳区王女士家装", "phone": "13911112222", "owner": None}
    )
    customer_create(actor=personas.admin, data={"name": "海淀区赵先生别墅", "owner": None})
    customer_create(actor=personas.sales1, data={"name": "通州区李先生旧房翻新"})

    sign_in("sales1")
    nav = page.locator("nav.nav")
    nav.get_by_role("link", name="公海").click()
    expect(page).to_have_title(re.compile("^公海"))
    row = page.locator(f'tr[data-record="{claimed.pk}"]')
    expect(row).to_contain_text("朝阳区王女士家装")
    expect(page.get_by_text("通州区李先生旧房翻新")).to_have_count(0)

    row.get_by_role("button", name="领取").click()
    expect(page.get_by_role("status")).to_contain_text("你从公海领取了 1 位客户")
    expect(page.locator(f'tr[data-record="{claimed.pk}"]')).to_have_count(0)
    expect(page.get_by_text("海淀区赵先生别墅")).to_be_visible()

    nav.get_by_role("link", name=re.compile("客户$")).click()
    expect(page).to_have_url(re.compile(r"/customers/$"))
    expect(page.locator(f'tr[data-record="{claimed.pk}"]')).to_contain_text("朝阳区王女士家装")
    expect(page.get_by_text("通州区李先生旧房翻新")).to_be_visible()
    expect(page.get_by_text("海淀区赵先生别墅")).to_have_count(0)

    page.get_by_role("link", name="朝阳区王女士家装").click()
    expect(page.get_by_test_id("owner")).to_have_text("李明")
    assert Customer.objects.get(pk=claimed.pk).owner_id == personas.sales1.pk
