"""How customers' kinds read in the operation log and the timeline, where their models' metadata is not enough
(``atrium.core.log_fields``); everything else reads from the models' verbose names and choices."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from atrium.core.log_fields import LogField, register_log_fields

register_log_fields(
    "customer",
    lead=LogField(label=_("Lead")),
    merged=LogField(label=pgettext_lazy("operation log", "Merged customers"), refers_to="customer"),
)
register_log_fields("contact", title=LogField(label=_("Job title")))
# Option lists and the pool rules are one kind; the pool rules live on another model.
register_log_fields(
    "customer_settings",
    value=LogField(label=pgettext_lazy("operation log", "Option")),
    records=LogField(label=pgettext_lazy("operation log", "Records renamed")),
    claim_limit=LogField(label=_("most customers one person may own")),
    return_after_days=LogField(label=_("return to pool after days without follow-up")),
)
