"""A sales rep reads notifications in the inbox (HTMX, badge follows) and chooses how to receive them."""

from playwright.sync_api import expect

from atrium.notifications.models import Notification, NotificationPreference


def test_sales_rep_reads_notifications_and_changes_settings(page, site, sign_in, personas):
    Notification.objects.create(recipient=personas.sales1, kind="system", title="系统将于今晚维护")
    newest = Notification.objects.create(
        recipient=personas.sales1, kind="account", title="您的角色已变更", link="/me/"
    )
    Notification.objects.create(recipient=personas.sales2, kind="system", title="张华的通知")
    sign_in("sales1")
    badge = page.locator("#unread-badge")
    expect(badge).to_have_text("2")

    page.goto(f"{site}/notifications/")
    expect(page.locator(".notification-item.unread")).to_have_count(2)
    expect(page.get_by_text("张华的通知")).to_have_count(0)
    page.locator(f"#notification-{newest.pk}").get_by_role("button", name="标为已读").click()
    expect(page.locator(".notification-item.unread")).to_have_count(1)
    expect(page.locator(f"#notification-{newest.pk}")).to_contain_text("已读")
    expect(badge).to_have_text("1")

    page.get_by_role("button", name="全部标为已读").click()
    expect(page.locator(".notification-item.unread")).to_have_count(0)
    expect(badge).to_be_hidden()

    page.get_by_role("button", name="您的角色已变更").click()
    expect(page).to_have_url(f"{site}/me/")

    page.goto(f"{site}/notifications/preferences/")
    row = page.locator("tr[data-kind=system]")
    expect(row).to_contain_text("系统通知")
    row.locator("input[name='email:system']").check()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("通知设置已保存。")).to_be_visible()
    saved = NotificationPreference.objects.get(user=personas.sales1, kind="system")
    assert (saved.in_app, saved.email) == (True, True)
