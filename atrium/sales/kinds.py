"""Kinds of record of sales, registered with the access layer.

A deal is scoped by its owner (own / department / all); its collaborators may view it whatever their role's
scope. A quote follows its deal's owner (and collaborators). Pipelines and their stages are one settings kind:
who may edit it edits the stages too; the product catalogue is another, all-or-nothing.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from atrium.core.kinds import RecordKind, register_kind


def deal_collaborations_q(user) -> Q:
    """The deals this person collaborates on, as literal ids (combined with the owner index)."""
    from atrium.sales.models import Deal

    ids = Deal.collaborators.through.objects.filter(user_id=user.pk).values_list("deal_id", flat=True)
    return Q(pk__in=list(ids))


def quote_collaborations_q(user) -> Q:
    """Quotes of the deals this person collaborates on (viewing only, like the deal)."""
    from atrium.sales.models import Deal

    ids = Deal.collaborators.through.objects.filter(user_id=user.pk).values_list("deal_id", flat=True)
    return Q(deal_id__in=list(ids))


DEAL = register_kind(
    RecordKind(key="deal", label=_("Deals"), model="sales.Deal", member_q=deal_collaborations_q)
)
PIPELINE = register_kind(
    RecordKind(
        key="pipeline",
        label=_("Pipelines and stages"),
        model="sales.Pipeline",
        owner_field=None,
        scoped=False,
        actions=("view", "edit", "delete"),
    )
)
QUOTE = register_kind(
    RecordKind(
        key="quote",
        label=_("Quotes"),
        model="sales.Quote",
        owner_field="deal__owner",
        member_q=quote_collaborations_q,
        actions=("view", "create", "edit", "delete", "export"),
    )
)
PRODUCT = register_kind(
    RecordKind(
        key="product",
        label=_("Products and services"),
        model="sales.Product",
        owner_field=None,
        scoped=False,
        actions=("view", "create", "edit", "delete", "import", "export"),
    )
)
