"""A sales rep imports customers from a GBK-encoded CSV with Chinese column names, the way a spreadsheet saved
by Excel on a Chinese Windows comes: the first file has two bad rows, so the report names each line and its
reason and nothing is imported; the corrected file is imported and the customers appear in the list."""

import csv
import io
import re

from playwright.sync_api import expect

from atrium.customers.models import Customer
from atrium.imports.models import ImportJob

HEADER = ["客户名称", "联系电话", "所属行业", "客户来源", "详细地址", "标签", "备注", "级别"]
GOOD_ROWS = [
    [
        "朝阳区王女士家装",
        "13911112222",
        "住宅家装",
        "转介绍",
        "北京市朝阳区望京西园三区5号楼",
        "老小区、全包",
        "业主想要现代简约风",
        "A",
    ],
    ["海淀区赵先生别墅", "13922223333", "别墅豪宅", "展会", "北京市海淀区香山南路18号", "别墅", "", "B级"],
]
BAD_PHONE = ["通州区李先生旧房翻新", "1391111", "住宅家装", "老客户", "北京市通州区梨园镇", "", "", "C"]
FIXED_PHONE = ["通州区李先生旧房翻新", "13933334444", "住宅家装", "老客户", "北京市通州区梨园镇", "", "", "C"]
BAD_INDUSTRY = [
    "天一餐饮管理有限公司",
    "010-88886666",
    "餐饮美食",
    "网络推广",
    "北京市西城区金融街7号",
    "工装",
    "",
    "A",
]
FIXED_INDUSTRY = [
    "天一餐饮管理有限公司",
    "010-88886666",
    "酒店餐饮",
    "网络推广",
    "北京市西城区金融街7号",
    "工装",
    "",
    "A",
]
NAMES = [row[0] for row in (*GOOD_ROWS, FIXED_PHONE, FIXED_INDUSTRY)]


def gbk_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([HEADER, *rows])
    return buffer.getvalue().encode("gbk")


def upload(page, path):
    form = page.get_by_test_id("import-upload")
    form.get_by_label("文件（CSV 或 Excel .xlsx）").set_input_files(path)
    form.get_by_role("button", name="上传并校验").click()
    expect(page.get_by_test_id("mapping-form")).to_be_visible()


def test_sales_rep_imports_a_gbk_csv_after_fixing_the_reported_rows(
    page, site, sign_in, personas, tmp_path, settings
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    first = tmp_path / "客户名单.csv"
    first.write_bytes(gbk_csv([*GOOD_ROWS, BAD_PHONE, BAD_INDUSTRY]))
    fixed = tmp_path / "客户名单-已改.csv"
    fixed.write_bytes(gbk_csv([*GOOD_ROWS, FIXED_PHONE, FIXED_INDUSTRY]))

    sign_in("sales1")
    page.locator("nav.nav").get_by_role("link", name=re.compile("客户$")).click()
    page.get_by_test_id("import").click()
    expect(page).to_have_url(re.compile(r"/imports/new/\?kind=customers$"))
    upload(page, first)

    # The Chinese headers were read from the GBK file and mapped to the fields; the preview shows the rows.
    mapping = page.get_by_test_id("mapping-form")
    for position, label in enumerate(["客户名称", "电话", "行业", "来源", "地址", "标签", "备注", "级别"]):
        expect(mapping.get_by_test_id(f"map-{position}").locator("option:checked")).to_contain_text(label)
    expect(page.get_by_test_id("preview")).to_contain_text("朝阳区王女士家装")
    expect(page.get_by_test_id("preview")).to_contain_text("北京市通州区梨园镇")
    assert ImportJob.objects.get().encoding == "gb18030"  # GBK is read as its superset

    mapping.get_by_role("button", name="导入", exact=True).click()
    expect(page.get_by_test_id("job-status")).to_have_text("数据有误，未导入")
    expect(page.get_by_test_id("job-result")).to_contain_text("未导入任何数据")
    problems = page.get_by_test_id("problems").locator("tbody tr")
    expect(problems).to_have_count(2)
    # Line numbers count the header as line 1, as a spreadsheet shows them.
    expect(problems.nth(0).locator("td")).to_have_text(["4", "联系电话", re.compile("^请输入有效的电话号码")])
    expect(problems.nth(1).locator("td")).to_have_text(["5", "所属行业", re.compile("^“餐饮美食”不在列表中")])
    expect(page.get_by_test_id("report-link")).to_be_visible()
    assert not Customer.objects.exists()

    page.goto(f"{site}/imports/new/?kind=customers")
    upload(page, fixed)
    page.get_by_test_id("mapping-form").get_by_role("button", name="导入", exact=True).click()
    expect(page.get_by_test_id("job-counts")).to_have_text("已导入 4 条，已更新 0 条，有误 0 条。")
    expect(page.get_by_test_id("problems")).to_have_count(0)

    page.get_by_role("link", name="打开列表").click()
    table = page.get_by_test_id("list-table")
    for name in NAMES:
        expect(table).to_contain_text(name)
    expect(page.get_by_test_id("list-count")).to_contain_text("4")
    imported = Customer.objects.get(name="天一餐饮管理有限公司")
    assert (imported.owner_id, imported.industry, imported.source, imported.level, imported.tags) == (
        personas.sales1.pk,
        "酒店餐饮",
        "网络推广",
        "A",
        ["工装"],
    )
    assert Customer.objects.get(name="朝阳区王女士家装").tags == ["老小区", "全包"]

    page.get_by_role("link", name="朝阳区王女士家装").click()
    expect(page.locator("#record-facts")).to_contain_text("北京市朝阳区望京西园三区5号楼")
    expect(page.locator("#record-facts")).to_contain_text("住宅家装")
