"""The kind ``feedback`` (用户反馈): everyone may send (create) and view their own; admins view all and answer
(edit). Default grants: migration ``0002_default_grants``."""

from django.utils.translation import gettext_lazy as _

from atrium.core.kinds import RecordKind, register_kind

register_kind(
    RecordKind(
        key="feedback",
        label=_("Feedback"),
        model="feedback.Feedback",
        owner_field="owner",
        actions=("view", "create", "edit"),
    )
)
