"""A sales rep uses the customer list on a desktop (1366 px) and on a phone (390 px): the page has its
heading, the column chooser closes on a click outside and on Esc and on a phone opens below its button
without covering the header or the list, and on a phone the filters wait behind one 筛选 button."""

from playwright.sync_api import expect

from atrium.customers.services import customer_create

HEADER_ROW_UNDER_MENU = """() => {
    const r = document.querySelector('table.list-records thead').getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + 20, r.top + 5);
    return hit !== null && hit.closest('.list-menu-panel') !== null;
}"""


def test_the_column_chooser_closes_and_the_phone_folds_the_filters(page, site, sign_in, personas):
    customer_create(actor=personas.sales1, data={"name": "滨江区钱塘府陈先生", "industry": "住宅家装"})
    page.set_viewport_size({"width": 1366, "height": 800})
    sign_in("sales1")
    page.goto(f"{site}/customers/")
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_have_text("客户")
    chooser = page.get_by_test_id("column-chooser")
    summary, panel = chooser.locator("summary"), chooser.locator(".list-menu-panel")
    expect(page.get_by_test_id("list-filters").locator(".filter-grid")).to_be_visible()  # open on a desktop

    summary.click()
    expect(panel).to_be_visible()
    page.get_by_test_id("list-table").click(position={"x": 5, "y": 5})  # outside the menu
    expect(panel).to_be_hidden()
    summary.click()
    expect(panel).to_be_visible()
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()

    page.set_viewport_size({"width": 390, "height": 844})
    grid = page.get_by_test_id("list-filters").locator(".filter-grid")
    expect(grid).to_be_hidden()
    expect(page.get_by_test_id("filters-toggle")).to_have_text("筛选 ▾")
    assert page.get_by_test_id("list-table").bounding_box()["y"] < 844  # the list is on the first screen
    page.get_by_test_id("filters-toggle").click()
    expect(grid).to_be_visible()
    summary.click()
    expect(panel).to_be_visible()
    header, menu, button = (
        page.locator(".topbar").bounding_box(),
        panel.bounding_box(),
        summary.bounding_box(),
    )
    assert menu["y"] >= button["y"] + button["height"]  # below its own button, which stays uncovered
    assert menu["y"] >= header["y"] + header["height"]  # the page's header stays uncovered
    assert menu["x"] >= 0 and menu["x"] + menu["width"] <= 390
    assert not page.evaluate(HEADER_ROW_UNDER_MENU)  # nor the list's header row
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
