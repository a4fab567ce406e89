"""Worker jobs of the notification centre; thin: they call the services."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from atrium.notifications.services import notification_emails_send


@db_task(retries=3, retry_delay=60)
def send_notification_emails(notification_ids: list[int]) -> int:
    return notification_emails_send(notification_ids=notification_ids)
