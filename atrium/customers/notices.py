"""Kinds of notification of customers: follow-up reminders, returns to the pool, transfers."""

from django.utils.translation import gettext_lazy as _

from atrium.notifications.registry import register_notification_kind

FOLLOWUP_REMINDER = "customers.followup_reminder"
RETURNED_TO_POOL = "customers.returned_to_pool"
TRANSFERRED_TO_YOU = "customers.transferred_to_you"

register_notification_kind(FOLLOWUP_REMINDER, _("Follow-up reminders"), default_email=True)
register_notification_kind(RETURNED_TO_POOL, _("Customers returned to the pool"))
register_notification_kind(TRANSFERRED_TO_YOU, _("Customers transferred to you"))
