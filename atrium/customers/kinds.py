"""Kinds of record owned by this app, registered with the access layer.

Contacts follow their customer's owner. A customer is also visible (not editable) to its collaborators and,
while it is in the pool, to people who may browse the pool.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from atrium.core.access import NOTHING, can
from atrium.core.kinds import RecordKind, register_kind
from atrium.customers.models import CustomerCollaborator


def collaborations_q(user) -> Q:
    """The customers this person is a collaborator (相关团队) of, as literal ids so that the database can
    combine them with the owner index (a sub-select would be checked row by row)."""
    return Q(
        pk__in=list(
            CustomerCollaborator.objects.filter(user_id=user.pk).values_list("customer_id", flat=True)
        )
    )


def _customer_members(user) -> Q:
    q = collaborations_q(user)
    if can(user, "customer_pool", "view"):
        q |= Q(owner__isnull=True, is_archived=False)
    return q


def _contact_members(user) -> Q:
    q = Q(customer_id__in=CustomerCollaborator.objects.filter(user_id=user.pk).values("customer_id"))
    if can(user, "customer_pool", "view"):
        q |= Q(customer__owner__isnull=True)
    return q


CUSTOMER = register_kind(
    RecordKind(key="customer", label=_("Customers"), model="customers.Customer", member_q=_customer_members)
)
CONTACT = register_kind(
    RecordKind(
        key="contact",
        label=_("Contacts"),
        model="customers.Contact",
        owner_field="customer__owner",
        member_q=_contact_members,
    )
)
LEAD = register_kind(RecordKind(key="lead", label=_("Leads"), model="customers.Lead"))
FOLLOWUP = register_kind(
    RecordKind(
        key="followup",
        label=_("Follow-ups"),
        model="customers.FollowUp",
        actions=("view", "create", "edit", "delete", "export"),
    )
)
CUSTOMER_POOL = register_kind(
    RecordKind(
        key="customer_pool",
        label=_("Customer pool"),
        model="customers.Customer",
        owner_field=None,
        own_q=lambda user: NOTHING,
        scoped=False,
        actions=("view", "assign"),
    )
)
CUSTOMER_SETTINGS = register_kind(
    RecordKind(
        key="customer_settings",
        label=_("Customer settings"),
        model="customers.PoolSettings",
        owner_field=None,
        scoped=False,
        actions=("view", "edit"),
    )
)
