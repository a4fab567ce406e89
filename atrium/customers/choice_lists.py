"""The choice lists (选项列表) of customers, leads and follow-ups, managed by who may edit the customer settings:
industry, source, customer levels, tags, follow-up types and lost reasons (no record holds a lost reason yet:
deals add theirs with ``add_choice_use``)."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atrium.core.search import reindex
from atrium.customers.models import Customer, CustomerTag, OptionList
from atrium.fields.choice_lists import ChoiceList, ChoiceUse, register_choice_list

MANAGED_BY = "customer_settings"


def _tag_count(value: str) -> int:
    return CustomerTag.objects.filter(tag=value).count()


def _tag_move(old: str, new: str) -> list[int]:
    """Customers tagged ``old`` are tagged ``new`` instead (once: a customer with both keeps one), in their JSON
    list and their tag rows; their version goes up and their search entries are redone."""
    ids = list(CustomerTag.objects.filter(tag=old).values_list("customer_id", flat=True))
    if not ids:
        return []
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        customers = list(Customer.objects.filter(pk__in=chunk).only("pk", "tags"))
        for customer in customers:
            tags: list[str] = []
            for tag in customer.tags or []:
                replaced = new if tag == old else tag
                if replaced not in tags:
                    tags.append(replaced)
            customer.tags = tags
        Customer.objects.bulk_update(customers, ["tags"])
        Customer.objects.filter(pk__in=chunk).update(version=F("version") + 1, updated_at=timezone.now())
        has_new = set(
            CustomerTag.objects.filter(tag=new, customer_id__in=chunk).values_list("customer_id", flat=True)
        )
        CustomerTag.objects.filter(tag=old, customer_id__in=has_new).delete()
        CustomerTag.objects.filter(tag=old, customer_id__in=chunk).update(tag=new)
    reindex("customer", ids)
    return ids


CUSTOMERS = _("Customers")
LEADS = _("Leads")

register_choice_list(
    ChoiceList(
        key=OptionList.INDUSTRY,
        label=_("Industry"),
        kind=MANAGED_BY,
        description=_("The industry of a customer."),
        order=10,
        uses=[ChoiceUse("customers.Customer", "industry", label=CUSTOMERS)],
    )
)
register_choice_list(
    ChoiceList(
        key=OptionList.SOURCE,
        label=_("Source"),
        kind=MANAGED_BY,
        description=_("Where a customer or a lead came from."),
        order=20,
        uses=[
            ChoiceUse("customers.Customer", "source", label=CUSTOMERS),
            ChoiceUse("customers.Lead", "source", label=LEADS),
        ],
    )
)
register_choice_list(
    ChoiceList(
        key=OptionList.LEVEL,
        label=_("Customer level"),
        kind=MANAGED_BY,
        description=_("How important a customer is (A, B, C …)."),
        keyed=True,
        max_length=32,
        order=30,
        uses=[ChoiceUse("customers.Customer", "level", label=CUSTOMERS)],
    )
)
register_choice_list(
    ChoiceList(
        key=OptionList.TAGS,
        label=_("Tags"),
        kind=MANAGED_BY,
        description=_("Words put on customers; a customer has several."),
        multi=True,
        max_length=50,
        order=40,
        uses=[
            ChoiceUse(
                "customers.Customer",
                "tags",
                label=CUSTOMERS,
                search_kind=None,
                count=_tag_count,
                move=_tag_move,
            )
        ],
    )
)
register_choice_list(
    ChoiceList(
        key=OptionList.FOLLOWUP_TYPE,
        label=_("Follow-up type"),
        kind=MANAGED_BY,
        description=_("How a follow-up was made: phone call, visit, WeChat …"),
        keyed=True,
        max_length=32,
        order=50,
        uses=[ChoiceUse("customers.FollowUp", "type", label=_("Follow-ups"))],
    )
)
register_choice_list(
    ChoiceList(
        key=OptionList.LOST_REASON,
        label=_("Lost reason"),
        kind=MANAGED_BY,
        description=_("Why a sale was lost; deals will record it."),
        order=60,
    )
)
