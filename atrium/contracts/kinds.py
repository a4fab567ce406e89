"""Kinds of record of contracts, registered with the access layer.

A contract is scoped by its owner (own / department / all); the collaborators of its deal may view it. Payments
and invoices follow their contract's owner: who sees a contract (by scope) sees its payments, if their role
grants payments (财务 records them for every contract; a salesperson sees those of their own).
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from atrium.core.kinds import RecordKind, register_kind


def _deal_ids_of_collaborator(user) -> list[int]:
    from atrium.sales.models import Deal

    return list(Deal.collaborators.through.objects.filter(user_id=user.pk).values_list("deal_id", flat=True))


def contract_collaborations_q(user) -> Q:
    return Q(deal_id__in=_deal_ids_of_collaborator(user))


CONTRACT = register_kind(
    RecordKind(
        key="contract",
        label=_("Contracts"),
        model="contracts.Contract",
        member_q=contract_collaborations_q,
        actions=("view", "create", "edit", "delete", "export", "assign"),
    )
)
PAYMENT = register_kind(
    RecordKind(
        key="payment",
        label=_("Payments received"),
        model="contracts.Payment",
        owner_field="contract__owner",
        actions=("view", "create", "edit", "delete", "import", "export"),
    )
)
INVOICE = register_kind(
    RecordKind(
        key="invoice",
        label=_("Invoices"),
        model="contracts.Invoice",
        owner_field="contract__owner",
        actions=("view", "create", "delete", "export"),
    )
)
