"""The notifications API with personal tokens: a person reads and changes only their own."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from atrium.notifications.models import Notification, NotificationPreference
from atrium.notifications.services import notify

pytestmark = pytest.mark.django_db

BASE = "/api/v1/notifications"


def test_needs_authentication(client):
    response = client.get(BASE)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_lists_only_own_newest_first(personas, api_as):
    notify(recipients=[personas.sales1], kind="system", title="first")
    notify(recipients=[personas.sales1, personas.sales2], kind="account", title="second", link="/me/")
    body = api_as("sales1").get(BASE).json()
    assert [n["title"] for n in body["items"]] == ["second", "first"]
    assert body["items"][0]["link"] == "/me/" and body["items"][0]["read_at"] is None
    assert body["next_cursor"] is None
    assert [n["title"] for n in api_as("sales2").get(BASE).json()["items"]] == ["second"]
    assert api_as("outsider").get(BASE).json() == {"items": [], "next_cursor": None}


def test_email_only_deliveries_are_not_listed(personas, api_as):
    NotificationPreference.objects.create(user=personas.pm, kind="system", in_app=False, email=True)
    notify(recipients=[personas.pm], kind="system", title="mail only")
    assert api_as("pm").get(BASE).json()["items"] == []


def test_cursor_pages_and_unread_filter(personas, api_as):
    Notification.objects.bulk_create(
        [Notification(recipient=personas.pm, kind="system", title=f"n{i}") for i in range(5)]
    )
    Notification.objects.filter(title="n4").update(read_at="2026-01-01T00:00:00Z")
    client = api_as("pm")
    first = client.get(BASE, {"limit": 2}).json()
    assert [n["title"] for n in first["items"]] == ["n4", "n3"]
    second = client.get(BASE, {"limit": 2, "cursor": first["next_cursor"]}).json()
    assert [n["title"] for n in second["items"]] == ["n2", "n1"]
    unread = client.get(BASE, {"unread": "true"}).json()
    assert [n["title"] for n in unread["items"]] == ["n3", "n2", "n1", "n0"]


def test_bad_query_answers_with_field_errors(personas, api_as):
    client = api_as("pm")
    bad_cursor = client.get(BASE, {"cursor": "nonsense"})
    assert bad_cursor.status_code == 400 and "cursor" in bad_cursor.json()["fields"]
    too_many = client.get(BASE, {"limit": 5000})
    assert too_many.status_code == 422 and "limit" in too_many.json()["fields"]


def test_list_query_count_does_not_grow(personas, api_as):
    client = api_as("pm")
    notify(recipients=[personas.pm], kind="system", title="one")
    client.get(BASE)  # the token's first use records its last-used time
    with CaptureQueriesContext(connection) as few:
        client.get(BASE)
    Notification.objects.bulk_create(
        [Notification(recipient=personas.pm, kind="system", title=str(i)) for i in range(30)]
    )
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(BASE).json()["items"]) == 31
    assert len(many) == len(few) <= 3


def test_mark_one_read(personas, api_as):
    mine = notify(recipients=[personas.sales1], kind="system", title="x")[0]
    response = api_as("sales1").post(f"{BASE}/{mine.pk}/read")
    assert response.status_code == 200
    assert response.json()["id"] == mine.pk and response.json()["read_at"] is not None


def test_someone_elses_notification_is_404(personas, api_as):
    other = notify(recipients=[personas.sales2], kind="system", title="x")[0]
    for who in ("sales1", "outsider", "admin"):
        response = api_as(who).post(f"{BASE}/{other.pk}/read")
        assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert Notification.objects.get(pk=other.pk).read_at is None


def test_read_all_marks_only_own(personas, api_as):
    notify(recipients=[personas.sales1, personas.sales2], kind="system", title="x")
    assert api_as("sales1").post(f"{BASE}/read-all").json() == {"marked_read": 1}
    assert Notification.objects.filter(recipient=personas.sales2, read_at__isnull=True).count() == 1


def test_preferences_get_and_put(personas, api_as):
    client = api_as("member")
    rows = {row["kind"]: row for row in client.get(f"{BASE}/preferences").json()}
    assert rows["account"]["email"] is True and rows["system"]["email"] is False
    response = client.put(
        f"{BASE}/preferences",
        {"preferences": [{"kind": "system", "email": True}, {"kind": "account", "in_app": False}]},
        content_type="application/json",
    )
    assert response.status_code == 200
    rows = {row["kind"]: row for row in response.json()}
    assert (rows["system"]["in_app"], rows["system"]["email"]) == (True, True)
    assert (rows["account"]["in_app"], rows["account"]["email"]) == (False, True)
    assert not NotificationPreference.objects.exclude(user=personas.member).exists()


def test_preferences_put_refuses_unknown_kinds_and_fields(personas, api_as):
    client = api_as("member")
    unknown_kind = client.put(
        f"{BASE}/preferences",
        {"preferences": [{"kind": "nope", "email": True}]},
        content_type="application/json",
    )
    assert unknown_kind.status_code == 400 and "nope" in unknown_kind.json()["fields"]
    unknown_field = client.put(
        f"{BASE}/preferences",
        {"preferences": [{"kind": "system", "sms": True}]},
        content_type="application/json",
    )
    assert unknown_field.status_code == 422
    assert not NotificationPreference.objects.exists()
