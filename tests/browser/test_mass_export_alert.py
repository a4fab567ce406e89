"""A mass export by 李明 (sales1) raises an alert for the admin: the admin turns the rule on with a threshold,
李明 exports his customers, the worker's sweep runs, and the admin is told, finds the alert in 操作告警 with a
link to the export in the operation log, and acknowledges it."""

import re

from playwright.sync_api import expect

from atrium.alerts.services import alerts_sweep
from atrium.customers.services import customer_create

NAMES = ("朝阳区王女士家装", "海淀区赵先生别墅", "通州区李先生旧房翻新")


def _sign_out(page, site):
    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(f"{site}/accounts/login/")


def test_a_mass_export_by_sales1_raises_an_alert_for_admin(page, site, sign_in, personas):
    for name in NAMES:
        customer_create(actor=personas.sales1, data={"name": name})

    sign_in("admin")
    page.goto(f"{site}/settings/")
    page.get_by_test_id("settings-operation_alerts").click()
    expect(page.get_by_test_id("empty-list")).to_be_visible()
    page.get_by_test_id("alert-rules").click()
    rule = page.locator("#rule-export_volume")
    rule.get_by_label("开启").check()
    rule.get_by_label("阈值").fill("0")
    page.get_by_test_id("save-export_volume").click()
    expect(page.locator("#rule-export_volume")).to_contain_text("阈值必须是正整数")
    rule = page.locator("#rule-export_volume")
    rule.get_by_label("阈值").fill("2")
    rule.get_by_label("开启").check()
    page.get_by_test_id("save-export_volume").click()
    expect(page.get_by_role("status")).to_contain_text("规则“大量导出”已保存")
    _sign_out(page, site)

    sign_in("sales1")
    page.goto(f"{site}/customers/")
    with page.expect_download() as download:
        page.get_by_test_id("export-csv").click()
    with open(download.value.path(), encoding="utf-8-sig") as exported:
        first_line = exported.readline()
    assert first_line.startswith("导出人：李明（sales1） 导出时间：")
    _sign_out(page, site)

    assert alerts_sweep() == 1  # what the worker does every five minutes

    sign_in("admin")
    page.goto(f"{site}/notifications/")
    expect(page.locator(".notification-item.unread")).to_contain_text("操作告警：大量导出 · 李明")
    page.goto(f"{site}/settings/alerts/")
    table = page.get_by_test_id("list-table")
    expect(table).to_contain_text("导出了 3 条记录")
    expect(table).to_contain_text("未处理")
    table.get_by_role("button", name="确认已阅").click()
    expect(page.get_by_role("status")).to_contain_text("已确认 1 条告警")
    expect(table).to_contain_text("已确认")
    table.get_by_role("link", name=re.compile("导出了 3 条记录")).click()
    expect(page).to_have_url(
        re.compile(rf"/settings/operation-log/\?person={personas.sales1.pk}&action=export")
    )
    expect(page.get_by_test_id("list-table")).to_contain_text("导出 3 条记录（CSV）")
