"""The permission sweep's records of feedback: one sent by sales2."""

from atrium.feedback.models import Feedback
from atrium.testing.sweep import record_maker, url_argument


@record_maker("feedback")
def _feedback(world):
    return Feedback.objects.create(owner=world.personas.sales2, text="导出按钮找不到", category="problem")


url_argument("feedback_id", record="feedback")
