"""The lists of this app, declared for the list engine (``atrium.lists``): customers, contacts, leads, the
pool (公海) and follow-ups (API only). Each spec names its base queryset (through ``core.access``), columns,
filters, sort, bulk actions and buttons; the engine gives the pages, API filters, exports and saved views.

The customers list shows owned customers (the pool is its own list); archived (merged) customers are hidden
everywhere. Sorting by "created_at" uses the primary key, which follows creation order and is covered by the
(owner, id) indexes.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from atrium.core.access import can, require, scope_of, visible
from atrium.core.kinds import Scope
from atrium.customers.kinds import collaborations_q
from atrium.customers.list_columns import (
    CONTACT_COLUMNS,
    CUSTOMER_COLUMNS,
    FOLLOWUP_COLUMNS,
    LEAD_COLUMNS,
    POOL_COLUMNS,
)
from atrium.customers.models import (
    Contact,
    Customer,
    CustomerStatus,
    CustomerTag,
    FollowUp,
    Lead,
    LeadStatus,
    OptionList,
)
from atrium.customers.views.list_actions import CUSTOMER_ACTIONS, POOL_ACTIONS
from atrium.fields.choice_options import active_choices, all_choices
from atrium.lists.filters import (
    ChoiceFilter,
    DateRangeFilter,
    DepartmentFilter,
    ListFilter,
    PersonFilter,
    RecordFilter,
    SearchFilter,
    TagFilter,
)
from atrium.lists.specs import register_list

# The customers' lists keep the addresses they always had.
URL_NAMES = {
    "bulk": "customers:bulk",
    "export": "customers:list_export",
    "saved_view_save": "customers:saved_view_save",
    "saved_view_delete": "customers:saved_view_delete",
}


# Base querysets (through core.access) ----------------------------------------------------------------------


def customers_listed(user: Any, action: str) -> QuerySet:
    """Owned customers only, so the pool branch of the customer's member rule is left out (it would make the
    database consider every pool customer); collaborations are added back for viewing."""
    require(user, "customer", action)
    owned = Customer.objects.select_related("owner").filter(owner__isnull=False, is_archived=False)
    qs = visible(user, "customer", owned, action, members=False)
    if action == "view" and scope_of(user, "customer", "view") != Scope.ALL:
        qs = qs | owned.filter(collaborations_q(user))
    return qs


def pool_listed(user: Any, action: str) -> QuerySet:
    """The pool: whoever may browse it sees all of it; exporting it also needs the export right on customers
    (any scope: pool customers have no owner, so an own-scope export would otherwise reach none of them)."""
    require(user, "customer_pool", "view")
    if action != "view":
        require(user, "customer", action)
    return Customer.objects.select_related("previous_owner").filter(owner__isnull=True, is_archived=False)


def may_export_pool(user: Any) -> bool:
    return can(user, "customer_pool", "view") and can(user, "customer", "export")


def contacts_listed(user: Any, action: str) -> QuerySet:
    require(user, "contact", action)
    qs = visible(user, "contact", Contact.objects.select_related("customer__owner"), action)
    qs = qs.filter(customer__is_archived=False)
    if scope_of(user, "contact", action) != Scope.ALL:
        qs = qs.filter(customer__owner__isnull=False)
    return qs


def leads_listed(user: Any, action: str) -> QuerySet:
    require(user, "lead", action)
    return visible(user, "lead", Lead.objects.select_related("owner"), action)


def followups_listed(user: Any, action: str) -> QuerySet:
    require(user, "followup", action)
    return visible(user, "followup", FollowUp.objects.select_related("owner"), action)


# Filters ---------------------------------------------------------------------------------------------------


def _option_values(option_list: str):
    """The active options of a choice list, offered; a strict filter checks a value against every option (asked
    with no user), so a retired level or type still filters the records that hold it."""

    def choices(user: Any) -> list[tuple[str, str]]:
        return all_choices(option_list) if user is None else active_choices(option_list)

    return choices


def _tagged(prefix: str):
    def tag_q(tag: str) -> Q:
        ids = CustomerTag.objects.filter(tag=tag).values("customer_id")
        return Q(**{f"{prefix}pk__in": ids})

    return tag_q


def customer_filters(prefix: str = "") -> list[ListFilter]:
    """The filters on a customer's own fields (``prefix`` "customer__" from a contact)."""
    return [
        ChoiceFilter(
            name="industry",
            label=_("Industry"),
            field=f"{prefix}industry",
            options=_option_values(OptionList.INDUSTRY),
            empty_label=_("All industries"),
            strict=False,
        ),
        ChoiceFilter(
            name="source",
            label=_("Source"),
            field=f"{prefix}source",
            options=_option_values(OptionList.SOURCE),
            empty_label=_("All sources"),
            strict=False,
        ),
        ChoiceFilter(
            name="level",
            label=_("Level"),
            field=f"{prefix}level",
            options=_option_values(OptionList.LEVEL),
            empty_label=_("All levels"),
            max_length=32,
        ),
    ]


def _status(model_choices: Any) -> ChoiceFilter:
    return ChoiceFilter(
        name="status",
        label=_("Status"),
        field="status",
        options=lambda user: model_choices.choices,
        empty_label=_("All statuses"),
        max_length=20,
    )


def _owner(field: str, kind: str) -> list[ListFilter]:
    return [
        PersonFilter(name="owner", label=_("Owner"), field=field, kind=kind),
        DepartmentFilter(name="department", label=_("Department"), field=f"{field}__department", kind=kind),
    ]


def _periods(created: str = "created_at", followup: str = "last_followup_at") -> list[ListFilter]:
    return [
        DateRangeFilter(name="created", label=_("Created"), field=created),
        DateRangeFilter(name="followup", label=_("Last follow-up"), field=followup),
    ]


def _tag(prefix: str = "") -> TagFilter:
    return TagFilter(name="tag", label=_("Tag"), tag_q=_tagged(prefix))


# The lists -------------------------------------------------------------------------------------------------

CUSTOMERS = register_list(
    key="customers",
    kind="customer",
    title=_("Customers"),
    queryset=customers_listed,
    columns=CUSTOMER_COLUMNS,
    filters=[
        SearchFilter(search_kind="customer"),
        *_owner("owner", "customer"),
        *customer_filters(),
        _status(CustomerStatus),
        _tag(),
        *_periods(),
    ],
    default_columns=[
        "name",
        "industry",
        "level",
        "status",
        "phone",
        "owner",
        "last_followup_at",
        "created_at",
    ],
    url_name="customers:list",
    new_url_name="customers:customer_new",
    new_label=_("New customer"),
    import_kind="customers",
    bulk_actions=CUSTOMER_ACTIONS,
    empty_text=_("No customers yet. Create one or import a file to get started."),
    filtered_empty_text=_("No customers match these filters."),
    url_names=URL_NAMES,
)

CONTACTS = register_list(
    key="contacts",
    kind="contact",
    title=_("Contacts"),
    queryset=contacts_listed,
    columns=CONTACT_COLUMNS,
    filters=[
        SearchFilter(search_kind="contact"),
        *_owner("customer__owner", "contact"),
        *customer_filters("customer__"),
        _tag("customer__"),
        *_periods(),
    ],
    default_columns=["name", "customer", "title", "mobile", "phone", "email", "owner", "last_followup_at"],
    url_name="customers:contacts",
    new_url_name="customers:contact_new",
    new_label=_("New contact"),
    import_kind="contacts",
    empty_text=_("No contacts yet."),
    filtered_empty_text=_("No contacts match these filters."),
    url_names=URL_NAMES,
)

LEADS = register_list(
    key="leads",
    kind="lead",
    title=_("Leads"),
    queryset=leads_listed,
    columns=LEAD_COLUMNS,
    filters=[
        SearchFilter(search_kind="lead"),
        *_owner("owner", "lead"),
        customer_filters()[1],  # source
        _status(LeadStatus),
        *_periods(),
    ],
    default_columns=[
        "name",
        "company",
        "phone",
        "source",
        "status",
        "owner",
        "last_followup_at",
        "created_at",
    ],
    url_name="customers:leads",
    new_url_name="customers:lead_new",
    new_label=_("New lead"),
    import_kind="leads",
    empty_text=_("No leads yet. Create one or import a file to get started."),
    filtered_empty_text=_("No leads match these filters."),
    url_names=URL_NAMES,
)

POOL = register_list(
    key="pool",
    kind="customer_pool",
    record_kind="customer",
    title=_("Customer pool"),
    queryset=pool_listed,
    columns=POOL_COLUMNS,
    filters=[
        SearchFilter(search_kind="customer"),
        *customer_filters(),
        _status(CustomerStatus),
        _tag(),
        *_periods(),
    ],
    default_columns=[
        "name",
        "industry",
        "level",
        "phone",
        "previous_owner",
        "owned_since",
        "last_followup_at",
    ],
    url_name="customers:pool",
    export_allowed=may_export_pool,
    bulk_actions=POOL_ACTIONS,
    empty_text=_("The customer pool is empty."),
    filtered_empty_text=_("No customers in the pool match these filters."),
    url_names=URL_NAMES,
)

FOLLOWUPS = register_list(
    key="followups",
    kind="followup",
    title=_("Follow-ups"),
    queryset=followups_listed,
    columns=FOLLOWUP_COLUMNS,
    filters=[
        RecordFilter(name="customer", label=_("customer"), field="customer"),
        RecordFilter(name="contact", label=_("contact"), field="contact"),
        RecordFilter(name="lead", label=_("lead"), field="lead"),
        ChoiceFilter(
            name="type",
            label=_("type"),
            field="type",
            options=_option_values(OptionList.FOLLOWUP_TYPE),
            max_length=32,
        ),
        PersonFilter(name="owner", label=_("written by"), field="owner", kind="followup"),
        DateRangeFilter(name="happened", label=_("time"), field="happened_at"),
    ],
)
