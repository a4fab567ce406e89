"""The inbox and preferences pages, as the personas: each person sees and changes only their own."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atrium.notifications.models import Notification, NotificationPreference
from atrium.notifications.registry import all_notification_kinds
from atrium.notifications.services import notify

pytestmark = pytest.mark.django_db

INBOX = "/notifications/"
HTMX = {"HX-Request": "true"}


def page_text(response) -> str:
    return response.content.decode()


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(INBOX)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_inbox_shows_own_notifications_newest_first_unread_highlighted(personas, client_as):
    notify(recipients=[personas.sales1], kind="system", title="较早的通知")
    newer = notify(recipients=[personas.sales1], kind="system", title="较新的通知")[0]
    notify(recipients=[personas.sales2], kind="system", title="张华的通知")
    Notification.objects.filter(title="较早的通知").update(read_at=newer.created_at)
    html = page_text(client_as("sales1").get(INBOX))
    assert html.index("较新的通知") < html.index("较早的通知")
    assert "张华的通知" not in html
    assert f'class="notification-item unread" id="notification-{newer.pk}"' in html
    assert "全部标为已读" in html and "标为已读" in html and "已读" in html


def test_outsider_sees_only_their_own(personas, client_as):
    notify(recipients=[personas.sales1, personas.admin], kind="system", title="内部通知")
    html = page_text(client_as("outsider").get(INBOX))
    assert "内部通知" not in html
    assert "暂无通知。" in html


def test_unread_filter(personas, client_as):
    first, second = (
        notify(recipients=[personas.pm], kind="system", title=t)[0] for t in ("甲通知", "乙通知")
    )
    Notification.objects.filter(pk=first.pk).update(read_at=second.created_at)
    html = page_text(client_as("pm").get(INBOX + "?unread=1"))
    assert "乙通知" in html and "甲通知" not in html


def test_inbox_pages_with_a_cursor(personas, client_as):
    Notification.objects.bulk_create(
        [Notification(recipient=personas.pm, kind="system", title=f"第{i:02d}条") for i in range(35)]
    )
    client = client_as("pm")
    first = page_text(client.get(INBOX))
    assert "第34条" in first and "第05条" in first and "第04条" not in first
    assert "加载更多" in first
    cursor = first.split("?cursor=")[1].split('"')[0]
    more = client.get(INBOX + "?cursor=" + cursor, headers=HTMX)
    assert "<html" not in page_text(more)  # an HTMX fragment, appended to the list
    assert "第04条" in page_text(more) and "第00条" in page_text(more) and "第05条" not in page_text(more)
    assert "加载更多" not in page_text(more)
    assert client.get(INBOX + "?cursor=garbage").status_code == 302


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_inbox_query_count_does_not_grow_with_the_page(personas, client_as):
    client = client_as("pm")
    notify(recipients=[personas.pm], kind="system", title="one")
    count_queries(client, INBOX)  # the first page read fills what the layout caches (the company profile)
    few = count_queries(client, INBOX)
    Notification.objects.bulk_create(
        [Notification(recipient=personas.pm, kind="system", title=str(i)) for i in range(40)]
    )
    assert count_queries(client, INBOX) == few
    assert few <= 8


def test_mark_read_with_htmx_returns_the_item_and_the_badge(personas, client_as):
    mine = notify(recipients=[personas.sales1], kind="system", title="待读")[0]
    notify(recipients=[personas.sales1], kind="system", title="另一条")
    response = client_as("sales1").post(reverse("notifications:read", args=[mine.pk]), headers=HTMX)
    assert response.status_code == 200
    html = page_text(response)
    assert f'id="notification-{mine.pk}"' in html and "notification-item unread" not in html
    assert 'id="unread-badge" hx-swap-oob="true" data-count="1"' in html
    assert Notification.objects.get(pk=mine.pk).read_at is not None


def test_someone_elses_notification_is_not_found(personas, client_as):
    other = notify(recipients=[personas.sales2], kind="system", title="x", link="/x/")[0]
    client = client_as("sales1")
    assert client.post(reverse("notifications:read", args=[other.pk])).status_code == 404
    assert client.post(reverse("notifications:open", args=[other.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[999999])).status_code == 404
    assert Notification.objects.get(pk=other.pk).read_at is None


def test_mark_read_needs_post(personas, client_as):
    mine = notify(recipients=[personas.sales1], kind="system", title="x")[0]
    assert client_as("sales1").get(reverse("notifications:read", args=[mine.pk])).status_code == 405


def test_opening_marks_read_and_follows_the_link(personas, client_as):
    mine = notify(recipients=[personas.pm], kind="system", title="x", link="/me/")[0]
    response = client_as("pm").post(reverse("notifications:open", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"] == "/me/"
    assert Notification.objects.get(pk=mine.pk).read_at is not None


def test_opening_never_leaves_the_site(personas, client_as):
    mine = notify(recipients=[personas.pm], kind="system", title="x", link="https://evil.example/")[0]
    response = client_as("pm").post(reverse("notifications:open", args=[mine.pk]))
    assert response["Location"] == INBOX


def test_mark_all_read(personas, client_as):
    notify(recipients=[personas.pm, personas.member], kind="system", title="a")
    notify(recipients=[personas.pm], kind="system", title="b")
    response = client_as("pm").post(reverse("notifications:read_all"), headers=HTMX)
    assert response.status_code == 200
    assert "notification-item unread" not in page_text(response)
    assert 'data-count="0"' in page_text(response)
    assert not Notification.objects.filter(recipient=personas.pm, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=personas.member, read_at__isnull=True).count() == 1
    plain = client_as("pm").post(reverse("notifications:read_all"))
    assert plain.status_code == 302 and plain["Location"] == INBOX


def test_preferences_page_lists_every_kind(personas, client_as):
    html = page_text(client_as("member").get(reverse("notifications:preferences")))
    assert "系统通知" in html and "账号与安全" in html
    assert "站内" in html and "邮件" in html
    assert 'name="email:account" checked' in html and 'name="email:system" checked' not in html


def test_preferences_are_saved_through_the_form(personas, client_as):
    client = client_as("member")
    response = client.post(
        reverse("notifications:preferences"), {"in_app:system": "on", "email:system": "on"}
    )
    assert response.status_code == 302
    saved = {p.kind: (p.in_app, p.email) for p in NotificationPreference.objects.filter(user=personas.member)}
    # Every kind on the form is saved: the two ticked ones on, all others (account, later apps' kinds) off.
    assert saved["system"] == (True, True)
    assert saved["account"] == (False, False)
    assert set(saved) == {kind.key for kind in all_notification_kinds()}
    assert all(value == (False, False) for kind, value in saved.items() if kind != "system")
    assert "通知设置已保存。" in page_text(client.get(response["Location"]))
    assert not NotificationPreference.objects.exclude(user=personas.member).exists()
