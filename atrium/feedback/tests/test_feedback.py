"""用户反馈: anyone signed in sends a suggestion or a problem (text + optional screenshot, checked by content),
sees their own; admins see all on the list, set the status and answer; the sender is notified of the answer."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from atrium.core.events import recorded_events
from atrium.core.models import OperationLog
from atrium.feedback.models import Feedback
from atrium.feedback.services import feedback_answer, feedback_create
from atrium.feedback.validation import SCREENSHOT_MAX_BYTES
from atrium.notifications.models import Notification

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64


def _png(name="shot.png", data=PNG):
    return SimpleUploadedFile(name, data, content_type="image/png")


def _send(client, **fields):
    data = {"category": "problem", "text": "客户列表导出后没有备注列", **fields}
    return client.post(reverse("feedback:new"), data)


def test_a_rep_sends_feedback_with_a_screenshot(client_as, personas, media):
    response = _send(client_as("sales1"), screenshot=_png(), page="/customers/")
    feedback = Feedback.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "feedback:detail", args=[feedback.pk]
    )
    assert (feedback.owner, feedback.status, feedback.category, feedback.page) == (
        personas.sales1,
        "new",
        "problem",
        "/customers/",
    )
    stored = media / feedback.screenshot.name
    assert stored.read_bytes() == PNG and stored.suffix == ".png" and "shot" not in stored.name
    assert OperationLog.objects.filter(kind="feedback", action="create", object_id=str(feedback.pk)).exists()
    shot = client_as("sales1").get(reverse("feedback:screenshot", args=[feedback.pk]))
    assert shot.status_code == 200 and shot["Content-Type"] == "image/png"
    assert b"".join(shot.streaming_content) == PNG


def test_the_client_sends_feedback_too(client_as, personas, media):
    assert _send(client_as("client"), text="希望能看到施工进度").status_code == 302
    assert Feedback.objects.get().owner == personas.client


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"text": "   "}, "text", "请写下"),
        ({"text": "长" * 2001}, "text", "最多 2000 个字符"),
        ({"category": "praise"}, "category", ""),
    ],
)
def test_bad_text_is_refused_beside_its_field(client_as, media, fields, field, message):
    response = _send(client_as("sales1"), **fields)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'data-field="{field}"' in html and message in html
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("shot.png", b"MZ\x90\x00 not an image", content_type="image/png"), "不是图片"),
        (SimpleUploadedFile("notes.txt", b"just text", content_type="text/plain"), "不是图片"),
        (
            SimpleUploadedFile("huge.png", PNG + b"\x00" * SCREENSHOT_MAX_BYTES, content_type="image/png"),
            "太大",
        ),
        (SimpleUploadedFile("empty.png", b"", content_type="image/png"), ""),
    ],
)
def test_a_screenshot_that_is_not_an_acceptable_image_is_refused(client_as, media, upload, message):
    response = _send(client_as("sales1"), screenshot=upload)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Feedback.objects.exists()
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20),
        ("a.gif", b"GIF89a" + b"\x00" * 20),
        ("a.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 "),
    ],
)
def test_other_image_types_are_accepted(personas, media, name, data):
    feedback = feedback_create(
        actor=personas.sales1, category="suggestion", text="好用", screenshot=SimpleUploadedFile(name, data)
    )
    assert feedback.screenshot.name.endswith(name.rsplit(".", 1)[1])


def test_each_person_sees_their_own_and_admins_see_all(client_as, personas, media):
    mine = feedback_create(actor=personas.sales1, category="suggestion", text="希望增加批量打印")
    theirs = feedback_create(
        actor=personas.sales2, category="problem", text="公海页面加载慢", screenshot=_png()
    )
    own_list = client_as("sales1").get(reverse("feedback:list")).content.decode()
    assert "希望增加批量打印" in own_list and "公海页面加载慢" not in own_list
    admin_list = client_as("admin").get(reverse("feedback:list")).content.decode()
    assert "希望增加批量打印" in admin_list and "公海页面加载慢" in admin_list
    sales1 = client_as("sales1")
    assert sales1.get(reverse("feedback:detail", args=[theirs.pk])).status_code == 404
    assert sales1.get(reverse("feedback:screenshot", args=[theirs.pk])).status_code == 404
    assert client_as("manager").get(reverse("feedback:screenshot", args=[theirs.pk])).status_code == 404
    assert client_as("admin").get(reverse("feedback:screenshot", args=[theirs.pk])).status_code == 200
    assert sales1.get(reverse("feedback:screenshot", args=[mine.pk])).status_code == 404  # no screenshot
    filtered = client_as("admin").get(reverse("feedback:list"), {"status": "new", "category": "problem"})
    assert "公海页面加载慢" in filtered.content.decode() and "批量打印" not in filtered.content.decode()


def test_admin_answers_and_the_sender_is_notified(
    client_as, personas, media, django_capture_on_commit_callbacks
):
    feedback = feedback_create(actor=personas.sales1, category="problem", text="导出没有备注列")
    admin = client_as("admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("feedback:detail", args=[feedback.pk]),
            {"status": "answered", "answer": "下个版本会加上备注列。", "version": feedback.version},
        )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert (feedback.status, feedback.answered_by) == ("answered", personas.admin)
    notice = Notification.objects.get(recipient=personas.sales1)
    assert "已回复" in notice.title and notice.link == reverse("feedback:detail", args=[feedback.pk])
    assert notice.body == "下个版本会加上备注列。"
    page = client_as("sales1").get(reverse("feedback:detail", args=[feedback.pk])).content.decode()
    assert "下个版本会加上备注列。" in page and "已回复" in page
    assert 'data-testid="feedback-answer-form"' not in page  # the sender cannot answer
    row = OperationLog.objects.filter(kind="feedback", action="update").get()
    assert row.changes["status"] == ["new", "answered"]


def test_a_status_change_without_an_answer_notifies_nobody(
    personas, media, django_capture_on_commit_callbacks
):
    feedback = feedback_create(actor=personas.sales1, category="problem", text="导出没有备注列")
    with recorded_events() as events, django_capture_on_commit_callbacks(execute=True):
        feedback_answer(actor=personas.admin, feedback=feedback, status="in_progress", answer="", version=1)
    assert [name for name, _payload in events] == ["feedback.updated"]
    assert not Notification.objects.filter(recipient=personas.sales1).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"status": "answered", "answer": ""}, "answer"),
        ({"status": "answered", "answer": "答" * 2001}, "answer"),
        ({"status": "done", "answer": "好"}, "status"),
    ],
)
def test_bad_answers_are_refused(client_as, personas, media, data, field):
    feedback = feedback_create(actor=personas.sales1, category="problem", text="导出没有备注列")
    response = client_as("admin").post(reverse("feedback:detail", args=[feedback.pk]), {**data, "version": 1})
    assert response.status_code == 400 and f'data-field="{field}"' in response.content.decode()
    feedback.refresh_from_db()
    assert (feedback.status, feedback.answer, feedback.version) == ("new", "", 1)


def test_a_stale_answer_is_refused(client_as, personas, media):
    feedback = feedback_create(actor=personas.sales1, category="problem", text="导出没有备注列")
    feedback_answer(actor=personas.admin, feedback=feedback, status="in_progress", answer="", version=1)
    response = client_as("admin").post(
        reverse("feedback:detail", args=[feedback.pk]), {"status": "closed", "answer": "", "version": 1}
    )
    assert response.status_code == 409


def test_only_admins_answer(client_as, personas, media):
    feedback = feedback_create(actor=personas.sales1, category="problem", text="导出没有备注列")
    data = {"status": "closed", "answer": "", "version": 1}
    assert client_as("sales1").post(reverse("feedback:detail", args=[feedback.pk]), data).status_code == 403
    assert client_as("manager").post(reverse("feedback:detail", args=[feedback.pk]), data).status_code == 404
    feedback.refresh_from_db()
    assert feedback.status == "new"


def test_events_of_feedback(personas, media):
    with recorded_events() as events:
        feedback = feedback_create(actor=personas.sales1, category="problem", text="导出没有备注列")
        feedback_answer(
            actor=personas.admin, feedback=feedback, status="answered", answer="已修复", version=1
        )
    assert [(name, sorted(payload)) for name, payload in events] == [
        ("feedback.created", ["actor_id", "feedback_id"]),
        ("feedback.answered", ["actor_id", "feedback_id", "recipient_id"]),
        ("feedback.updated", ["actor_id", "changed", "feedback_id"]),
    ]


def test_the_user_menu_links_to_feedback_and_the_settings_card_is_for_admins(client_as):
    page = client_as("sales1").get(reverse("home")).content.decode()
    assert 'data-testid="user-menu-feedback"' in page
    assert (
        'data-testid="user-menu-feedback"' not in client_as("outsider").get(reverse("home")).content.decode()
    )
    assert 'data-testid="settings-feedback"' in client_as("admin").get(reverse("settings")).content.decode()
