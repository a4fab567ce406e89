"""What a deal shows on its activity timeline (``atrium.core.timeline``): its own log rows and its quotes'
(created, versions saved, sent, accepted), read for the viewer as every log row is."""

from django.db.models import Q

from atrium.core.timeline import register_log_records

QUOTES_IN_LOG = 200


def _deal_log_rows(deal) -> Q:
    quote_ids = [str(pk) for pk in deal.quotes.values_list("pk", flat=True)[:QUOTES_IN_LOG]]
    match = Q(kind="deal", object_id=str(deal.pk))
    if quote_ids:
        match |= Q(kind="quote", object_id__in=quote_ids)
    return match


register_log_records("deal", _deal_log_rows)
