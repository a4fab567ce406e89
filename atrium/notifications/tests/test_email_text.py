"""E-mail subjects and plain-text parts are text: what a title says arrives as written (not HTML-escaped)."""

from __future__ import annotations

from django.core import mail

from atrium.notifications.services import notify


def test_subject_and_text_part_keep_ampersands_and_brackets(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[personas.member], kind="account", title="跟进 A&B <报价>", body='甲&乙 "方案"')
    (message,) = mail.outbox
    assert message.subject == "[Atrium] 跟进 A&B <报价>"
    assert "跟进 A&B <报价>" in message.body and '甲&乙 "方案"' in message.body
    assert "&amp;" not in message.subject + message.body
    html = message.alternatives[0][0]
    assert "A&amp;B &lt;报价&gt;" in html  # the HTML part is HTML: escaped there
