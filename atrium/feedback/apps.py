"""In-product feedback (用户反馈): suggestions and problems sent from the user menu, answered by admins."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "atrium.feedback"
    label = "feedback"
    verbose_name = _("Feedback")

    def ready(self) -> None:
        # The kind (roles grant it), its events and the notice of an answer, the settings-centre card.
        from atrium.feedback import events, kinds, navigation, notices  # noqa: F401
