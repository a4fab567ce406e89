"""How customers' kinds read in the operation log and the timeline, where their models' metadata is not enough
(``atrium.core.log_fields``); everything else reads from the models' verbose names and choices."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from atrium.core.log_fields import LogField, register_log_fields
from atrium.customers.models import OptionList
from atrium.fields.choice_options import label_of


def _named(list_key: str):
    """A stored value of a choice list read by its option's name (levels, follow-up types keep codes)."""
    return lambda value: label_of(list_key, value)


register_log_fields(
    "customer",
    lead=LogField(label=_("Lead")),
    merged=LogField(label=pgettext_lazy("operation log", "Merged customers"), refers_to="customer"),
    level=LogField(read=_named(OptionList.LEVEL)),
)
register_log_fields("followup", type=LogField(read=_named(OptionList.FOLLOWUP_TYPE)))
register_log_fields("contact", title=LogField(label=_("Job title")))
# The choice lists and the pool rules are one kind (customer_settings): its rights manage both.
register_log_fields(
    "customer_settings",
    list=LogField(label=pgettext_lazy("operation log", "Choice list")),
    value=LogField(label=pgettext_lazy("operation log", "Option")),
    records=LogField(label=pgettext_lazy("operation log", "Records moved")),
    merged=LogField(label=pgettext_lazy("operation log", "Merged into")),
    retired=LogField(label=pgettext_lazy("operation log", "Retired")),
    position=LogField(label=pgettext_lazy("operation log", "Place in the list")),
    order=LogField(label=pgettext_lazy("operation log", "Order")),
    claim_limit=LogField(label=_("most customers one person may own")),
    return_after_days=LogField(label=_("return to pool after days without follow-up")),
)
