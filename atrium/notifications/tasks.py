"""Worker jobs of the notification centre; thin: they call the services."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from atrium.notifications.services import notification_emails_send, notification_held_emails_send


@db_task(retries=3, retry_delay=60)
def send_notification_emails(notification_ids: list[int]) -> int:
    return notification_emails_send(notification_ids=notification_ids)


@db_periodic_task(crontab(minute="*"))
def send_held_notification_emails() -> int:
    """Every minute: the e-mails held by the company's quiet hours, once they are over."""
    return notification_held_emails_send()
