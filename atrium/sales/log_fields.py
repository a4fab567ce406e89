"""How deals and pipelines read in the operation log and the timeline, where the models' metadata is not
enough (``atrium.core.log_fields``)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from atrium.core.log_fields import LogField, register_log_fields

register_log_fields(
    "deal",
    contacts=LogField(label=_("Contacts")),
    collaborators=LogField(label=_("Collaborators")),
)
register_log_fields(
    "pipeline",
    stage=LogField(label=pgettext_lazy("operation log", "Stage")),
    stages=LogField(label=pgettext_lazy("operation log", "Order of the stages")),
)
