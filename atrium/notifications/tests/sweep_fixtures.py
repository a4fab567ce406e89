"""The permission sweep's record of this app (see atrium/testing/sweep.py): a notification of sales2."""

from atrium.notifications.models import Notification
from atrium.testing.sweep import record_maker, url_argument


@record_maker("notification")
def _notification(world):
    return Notification.objects.create(
        recipient=world.personas.sales2, kind="customer.transferred", title="客户已转给你", link="/customers/"
    )


url_argument("notification_id", record="notification")
