"""Custom fields, as the admin and a sales rep use them: the admin adds 预算 (money, required, sortable) and
装修风格 (a select) to customers in 系统设置 → 自定义字段; 李明 (sales1) must fill 预算 to create a customer, then
filters his list by 装修风格, sorts it by 预算 and imports a file with both columns; the admin retires 装修风格 and it is gone from 李明's form and list."""

import re

from playwright.sync_api import expect

from atrium.customers.services import customer_create


def _sign_out(page, site):
    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(f"{site}/accounts/login/")


def _add_field(page, label, field_type, **extra):
    form = page.get_by_test_id("field-form")
    form.get_by_label("字段名称").fill(label)
    form.get_by_label("类型").select_option(field_type)
    if "options" in extra:
        form.get_by_label("选项").fill(extra["options"])
    for flag in extra.get("flags", ()):
        form.get_by_label(flag, exact=True).check()
    form.get_by_role("button", name="添加字段").click()
    expect(page.get_by_role("status")).to_contain_text(f"已添加字段“{label}”")


def test_admin_adds_fields_sales_fills_filters_sorts_and_a_retired_field_disappears(
    page, site, sign_in, personas, tmp_path, settings
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    sign_in("admin")
    page.goto(f"{site}/settings/")
    page.get_by_test_id("settings-custom_fields").click()
    _add_field(page, "预算", "money", flags=("必填", "可排序", "默认显示在列表中"))
    page.goto(f"{site}/settings/fields/")
    _add_field(page, "装修风格", "select", options="现代简约\n新中式\n北欧", flags=("默认显示在列表中",))
    page.goto(f"{site}/settings/fields/")
    expect(page.get_by_test_id("field-table")).to_contain_text("yusuan")
    _sign_out(page, site)

    customer_create(
        actor=personas.sales1,
        data={"name": "浦东张先生", "custom": {"yusuan": 120000, "zhuangxiufengge": "北欧"}},
    )
    customer_create(
        actor=personas.sales1,
        data={"name": "徐汇王女士", "custom": {"yusuan": 480000, "zhuangxiufengge": "新中式"}},
    )
    sign_in("sales1")
    page.goto(f"{site}/customers/new/")
    page.get_by_label("客户名称").fill("静安李先生")
    page.get_by_label("装修风格").select_option(label="新中式")
    page.get_by_role("button", name="创建客户").click()
    budget = page.locator('[data-field="custom.yusuan"]')
    expect(budget).to_contain_text("此项为必填项")
    budget.get_by_label("预算").fill("¥260,000")
    page.get_by_role("button", name="创建客户").click()
    expect(page.get_by_role("status")).to_contain_text("静安李先生")
    expect(page.locator("dl.facts")).to_contain_text("¥260,000.00")

    page.goto(f"{site}/customers/")
    page.locator('.filter-field[data-field="custom.zhuangxiufengge"] select').select_option(label="新中式")
    page.get_by_role("button", name="筛选").click()
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(2)
    page.get_by_role("link", name="预算").click()  # ascending
    # wait for the sorted page: the newest record (静安李先生) is first in the default order too
    expect(page).to_have_url(re.compile(r"sort=custom\.yusuan"))
    expect(rows.first).to_contain_text("静安李先生")
    page.get_by_role("link", name="预算").click()  # descending
    expect(page).to_have_url(re.compile(r"sort=-custom\.yusuan"))
    expect(rows.first).to_contain_text("徐汇王女士")
    expect(rows.first).to_contain_text("¥480,000.00")

    # An import maps the fields' labels as headers and checks their values like the form does.
    sheet = tmp_path / "客户名单.csv"
    sheet.write_text('客户名称,预算,装修风格\n闵行陈先生,"¥150,000",北欧\n嘉定周女士,95000,新中式\n', "utf-8")
    page.goto(f"{site}/imports/new/?kind=customers")
    upload = page.get_by_test_id("import-upload")
    upload.get_by_label("文件（CSV 或 Excel .xlsx）").set_input_files(sheet)
    upload.get_by_role("button", name="上传并校验").click()
    mapping = page.get_by_test_id("mapping-form")
    expect(mapping.get_by_test_id("map-1").locator("option:checked")).to_contain_text("预算")
    expect(mapping.get_by_test_id("map-2").locator("option:checked")).to_contain_text("装修风格")
    mapping.get_by_role("button", name="导入", exact=True).click()
    expect(page.get_by_test_id("job-counts")).to_have_text("已导入 2 条，已更新 0 条，有误 0 条。")
    page.goto(f"{site}/customers/?sort=-custom.yusuan")
    expect(rows).to_have_count(5)
    expect(page.get_by_test_id("list-table")).to_contain_text("¥150,000.00")
    page.get_by_role("link", name="嘉定周女士").click()
    expect(page.locator("dl.facts")).to_contain_text("新中式")
    _sign_out(page, site)

    sign_in("admin")
    page.goto(f"{site}/settings/fields/")
    page.get_by_role("link", name="装修风格").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("retire").click()
    expect(page.get_by_role("status")).to_contain_text("字段已停用")
    _sign_out(page, site)

    sign_in("sales1")
    page.goto(f"{site}/customers/")
    expect(page.locator("table.list thead")).not_to_contain_text("装修风格")
    expect(page.locator("table.list thead")).to_contain_text("预算")
    page.goto(f"{site}/customers/new/")
    expect(page.locator('[data-field="custom.zhuangxiufengge"]')).to_have_count(0)
