"""What customers, contacts and leads show on their activity timeline (``atrium.core.timeline``): their
follow-ups — exactly those the follow-up API answers to the viewer, with their custom fields the viewer may
see — and the log rows of the record (a
customer's include its contacts')."""

from django.db.models import Q

from atrium.core.timeline import TimelineSource, register_log_records, register_timeline_source
from atrium.customers.selectors.followups import followups_seen_by
from atrium.fields.record_forms import custom_display_many

FOLLOWUP_RANK = 1
CONTACTS_IN_LOG = 500


def _customer_log_rows(customer) -> Q:
    contact_ids = [str(pk) for pk in customer.contacts.values_list("pk", flat=True)[:CONTACTS_IN_LOG]]
    match = Q(kind="customer", object_id=str(customer.pk))
    if contact_ids:
        match |= Q(kind="contact", object_id__in=contact_ids)
    return match


def _followup_facts(viewer, followups):
    return custom_display_many(viewer, "followup", followups)


def _followups_of(field: str):
    def rows(viewer, record):
        return followups_seen_by(viewer, **{field: record}).select_related("owner", "contact")

    return rows


register_log_records("customer", _customer_log_rows)
for _kind in ("customer", "contact", "lead"):
    register_timeline_source(
        _kind,
        TimelineSource(
            key="followup",
            rank=FOLLOWUP_RANK,
            time_field="happened_at",
            rows=_followups_of(_kind),
            facts=_followup_facts,
        ),
    )
