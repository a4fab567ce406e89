"""On a phone (390 px wide) a sales rep opens the menu, goes to the customer list and a customer: the filters, the
header and the record fit the screen (only the table itself scrolls sideways), and a filter still works."""

import re

import pytest
from playwright.sync_api import expect

from atrium.customers.services import customer_create

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "is_mobile": True, "has_touch": True}


def _sticks_out(page, selector: str) -> float:
    """How many pixels the elements reach past the right edge of the phone's screen (0 when they all fit).
    Measured against the phone's width: a page that is too wide widens the browser's own idea of it."""
    return page.evaluate(
        """([sel, width]) => Math.max(0, ...[...document.querySelectorAll(sel)].map(
               (el) => el.getBoundingClientRect().right - width))""",
        [selector, PHONE["width"]],
    )


def test_a_sales_rep_works_the_customer_list_on_a_phone(page, site, sign_in, personas):
    customer = customer_create(
        actor=personas.sales1, data={"name": "滨江区钱塘府陈先生三居室全包装修", "industry": "住宅家装"}
    )
    customer_create(actor=personas.sales1, data={"name": "西湖区宋女士", "industry": "别墅豪宅"})
    sign_in("sales1")
    expect(page.locator("nav.nav")).not_to_be_in_viewport()  # the menu is folded away
    page.get_by_role("button", name="菜单").click()
    page.locator("nav.nav").get_by_role("link", name=re.compile("客户$")).click()
    expect(page.get_by_test_id("list-table")).to_be_visible()
    page.wait_for_load_state("load")  # the list's own stylesheet applied

    for part in (".list-filters .filter-field", ".topbar", ".bulk-bar"):
        assert _sticks_out(page, part) == 0, part
    expect(page.get_by_test_id("list-filters").locator(".filter-grid")).to_be_hidden()  # folded on a phone
    page.get_by_test_id("filters-toggle").click()
    page.get_by_test_id("list-filters").get_by_role("combobox", name="行业").select_option(label="住宅家装")
    page.get_by_role("button", name="筛选", exact=True).click()
    table = page.get_by_test_id("list-table")
    expect(table.get_by_text("西湖区宋女士")).to_have_count(0)
    table.get_by_role("link", name=customer.name).click()

    expect(page.get_by_test_id("owner")).to_have_text("李明")
    page.wait_for_load_state("load")
    heading = page.locator(".page-heading")
    assert _sticks_out(page, ".page-heading") == 0
    assert heading.bounding_box()["height"] <= page.locator(".topbar").bounding_box()["height"]
