"""A sales rep creates a lead, converts it into a customer, logs a 现场勘测 (site survey) follow-up with the
next follow-up time and what to do then, and — when that time comes and the worker's minute job runs — finds
the reminder under the bell and opens the customer from it."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from atrium.customers.models import Customer, FollowUp, Lead, LeadStatus
from atrium.customers.services import followups_send_due_reminders

LEAD_NAME = "王丽华"
NEXT_ACTION = "带设计师上门出平面方案"


def test_sales_rep_converts_a_lead_logs_a_site_survey_and_gets_the_reminder(page, site, sign_in, personas):
    sign_in("sales1")
    page.locator("nav.nav").get_by_role("link", name="线索").click()
    page.get_by_role("link", name="新建线索").click()
    form = page.locator("#lead-form")
    form.get_by_label("名称", exact=True).fill(LEAD_NAME)
    form.get_by_label("电话", exact=True).fill("136 1234 5678")
    form.get_by_label("来源", exact=True).select_option(label="转介绍")
    form.get_by_label("地址", exact=True).fill("北京市朝阳区望京西园三区 5 号楼")
    form.get_by_role("button", name="创建线索").click()
    expect(page.get_by_role("status")).to_contain_text(f"线索 {LEAD_NAME} 已创建。")
    expect(page.get_by_test_id("lead-status")).to_have_text("新线索")
    lead = Lead.objects.get(name=LEAD_NAME)
    assert lead.owner_id == personas.sales1.pk

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="转化为客户").click()
    expect(page.get_by_role("status")).to_contain_text(f"线索已转化为客户 {LEAD_NAME}。")
    customer = Customer.objects.get(name=LEAD_NAME)
    expect(page).to_have_url(f"{site}/customers/{customer.pk}/")
    expect(page.get_by_test_id("owner")).to_have_text("李明")
    expect(page.locator("#contacts")).to_contain_text(LEAD_NAME)
    lead.refresh_from_db()
    assert (lead.status, lead.converted_customer_id) == (LeadStatus.CONVERTED, customer.pk)

    next_at = (timezone.localtime() + datetime.timedelta(days=2)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    log = page.locator("#log-followup")
    log.get_by_label("类型", exact=True).select_option(label="现场勘测")
    log.get_by_label("跟进内容", exact=True).fill("上门量房：三室两厅约 120 平，业主希望现代简约风格。")
    log.get_by_label("跟进结果", exact=True).fill("业主有意向，等方案")
    log.get_by_label("下次跟进", exact=True).fill(next_at.strftime("%Y-%m-%dT%H:%M"))
    log.get_by_label("下次要做的事", exact=True).fill(NEXT_ACTION)
    log.get_by_role("button", name="记录跟进").click()
    expect(page.get_by_role("status")).to_contain_text("跟进记录已保存。")
    entry = page.locator("#followups .followup").first
    expect(entry).to_contain_text("现场勘测")
    expect(entry).to_contain_text(f"{next_at:%Y-%m-%d %H:%M} · {NEXT_ACTION}")
    expect(page.get_by_test_id("next-followup")).to_have_text(f"{next_at:%Y-%m-%d %H:%M}")
    followup = FollowUp.objects.get(customer=customer)
    assert (followup.type, followup.next_at, followup.owner_id) == (
        "site_survey",
        next_at,
        personas.sales1.pk,
    )

    # Not yet due: the worker's minute job sends nothing; once the time has come it sends the reminder.
    assert followups_send_due_reminders(now=next_at - datetime.timedelta(minutes=1)) == 0
    assert followups_send_due_reminders(now=next_at + datetime.timedelta(minutes=1)) == 1
    page.reload()
    expect(page.locator("#unread-badge")).to_have_text("1")
    page.get_by_role("link", name="通知").click()
    reminder = page.locator(".notification-item.unread")
    expect(reminder).to_have_count(1)
    expect(reminder).to_contain_text(LEAD_NAME)
    expect(reminder).to_contain_text(NEXT_ACTION)
    reminder.get_by_role("button", name=re.compile(LEAD_NAME)).click()
    expect(page).to_have_url(f"{site}/customers/{customer.pk}/")
    expect(page.locator("#unread-badge")).to_be_hidden()
