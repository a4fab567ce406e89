"""A sales rep finds a customer with the search box in the header by two Chinese characters of its name, then
on the results page by the last four digits of its phone; a colleague's customer that also matches stays
out of the results, and a hit opens the customer."""

from playwright.sync_api import expect

from atrium.customers.services import customer_create

NAME = "朝阳区王女士家装"
PHONE = "13987654321"


def test_search_finds_a_customer_by_two_characters_and_by_phone_digits(page, site, sign_in, personas):
    mine = customer_create(actor=personas.sales1, data={"name": NAME, "phone": PHONE})
    customer_create(actor=personas.sales1, data={"name": "海淀区赵先生别墅", "phone": "13800001111"})
    customer_create(actor=personas.sales2, data={"name": "丰台区王女士新房", "phone": "13700004321"})

    sign_in("sales1")
    header_box = page.get_by_role("banner").get_by_role("searchbox", name="搜索")
    header_box.fill("王女")
    header_box.press("Enter")
    expect(page).to_have_url(f"{site}/search/?q=%E7%8E%8B%E5%A5%B3")
    hits = page.get_by_test_id("search-hit")
    expect(hits).to_have_count(1)
    expect(hits.first).to_contain_text(NAME)
    expect(hits.first).to_have_attribute("data-id", str(mine.pk))
    expect(page.get_by_text("丰台区王女士新房")).to_have_count(0)
    expect(page.get_by_text("海淀区赵先生别墅")).to_have_count(0)

    page_box = page.get_by_test_id("search-page-input")
    expect(page_box).to_have_value("王女")
    page_box.fill("4321")
    page.get_by_role("main").get_by_role("button", name="搜索").click()
    expect(page).to_have_url(f"{site}/search/?q=4321")
    expect(hits).to_have_count(1)
    expect(hits.first).to_contain_text(NAME)
    expect(hits.first).to_contain_text(PHONE)

    page.get_by_role("link", name=NAME).click()
    expect(page).to_have_url(f"{site}/customers/{mine.pk}/")
    expect(page.locator("h1")).to_contain_text(NAME)

    header_box.fill("不存在的客户")
    header_box.press("Enter")
    expect(page.get_by_text("没有找到与“不存在的客户”相关的结果。")).to_be_visible()
