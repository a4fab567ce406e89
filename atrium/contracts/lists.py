"""The contracts (合同), receivables (应收款: instalments of signed contracts) and payments (回款) lists,
declared for the list engine: pages, API filters, exports and saved views come from these specs."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atrium.contracts.list_columns import CONTRACT_COLUMNS, INSTALMENT_COLUMNS, PAYMENT_COLUMNS
from atrium.contracts.models import (
    COLLECT_FROM_DAYS,
    Contract,
    ContractStatus,
    Instalment,
    InstalmentStatus,
    Payment,
    PaymentAllocation,
    PaymentMethod,
)
from atrium.core.access import require, scope_q, visible
from atrium.lists.filters import (
    ChoiceFilter,
    DateRangeFilter,
    DepartmentFilter,
    NumberRangeFilter,
    PersonFilter,
    RecordFilter,
    SearchFilter,
)
from atrium.lists.specs import register_list


def contracts_listed(user: Any, action: str) -> QuerySet:
    require(user, "contract", action)
    return visible(user, "contract", Contract.objects.select_related("customer", "owner"), action)


CONTRACTS = register_list(
    key="contracts",
    kind="contract",
    title=_("Contracts"),
    queryset=contracts_listed,
    columns=CONTRACT_COLUMNS,
    filters=[
        SearchFilter(search_kind="contract"),
        ChoiceFilter(
            name="status",
            label=_("Status"),
            field="status",
            options=lambda user: ContractStatus.choices,
            empty_label=_("Every status"),
            max_length=12,
        ),
        PersonFilter(name="owner", label=_("Owner"), field="owner", kind="contract"),
        DepartmentFilter(
            name="department", label=_("Department"), field="owner__department", kind="contract"
        ),
        RecordFilter(name="customer", label=_("Customer"), field="customer"),
        RecordFilter(name="deal", label=_("Deal"), field="deal"),
        NumberRangeFilter(name="amount", label=_("Amount (¥)"), field="amount"),
        DateRangeFilter(name="signed", label=_("Signed on"), field="signed_on"),
    ],
    default_sort="-created_at",
    default_columns=[
        "number",
        "title",
        "customer",
        "amount",
        "received",
        "outstanding",
        "status",
        "signed_on",
        "owner",
    ],
    url_name="contracts:contracts",
    name_column="number",
    empty_text=_("No contracts yet. A contract starts from a won deal or an accepted quote."),
    filtered_empty_text=_("No contracts match these filters."),
)


@dataclass(frozen=True, kw_only=True)
class InstalmentStatusFilter(ChoiceFilter):
    """未到期 / 待收 / 部分收款 / 已收 / 逾期, computed from today's date and what each instalment received."""

    def q(self, value: Any) -> Q:
        today = timezone.localdate()
        soon = today + datetime.timedelta(days=COLLECT_FROM_DAYS)
        open_ = Q(received__lt=F("amount"))
        return {
            InstalmentStatus.PAID: Q(received__gte=F("amount")),
            InstalmentStatus.OVERDUE: open_ & Q(due_on__lt=today),
            InstalmentStatus.PARTIAL: open_ & Q(due_on__gte=today, received__gt=0),
            InstalmentStatus.DUE: open_ & Q(due_on__gte=today, due_on__lte=soon, received=0),
            InstalmentStatus.NOT_DUE: open_ & Q(due_on__gt=soon, received=0),
        }[value]


def instalments_listed(user: Any, action: str) -> QuerySet:
    """Instalments of the signed contracts the person sees (drafts and terminated ones expect nothing)."""
    require(user, "contract", action)
    qs = Instalment.objects.select_related("contract__customer", "contract__owner")
    collecting = ~Q(contract__status__in=(ContractStatus.DRAFT, ContractStatus.TERMINATED))
    if (
        scope_q(user, "contract", action) is None
    ):  # every contract: a join lets the database start from the dates
        return qs.filter(collecting)
    contracts = visible(user, "contract", Contract.objects.all(), action).exclude(
        status__in=(ContractStatus.DRAFT, ContractStatus.TERMINATED)
    )
    return qs.filter(contract_id__in=Subquery(contracts.values("pk")))


RECEIVABLES = register_list(
    key="receivables",
    kind="contract",
    title=_("Receivables"),
    queryset=instalments_listed,
    columns=INSTALMENT_COLUMNS,
    filters=[
        InstalmentStatusFilter(
            name="status",
            label=_("Status"),
            field="status",
            options=lambda user: InstalmentStatus.choices,
            empty_label=_("Every status"),
            max_length=8,
        ),
        PersonFilter(name="owner", label=_("Owner"), field="contract__owner", kind="contract"),
        DepartmentFilter(
            name="department", label=_("Department"), field="contract__owner__department", kind="contract"
        ),
        RecordFilter(name="contract", label=_("Contract"), field="contract"),
        RecordFilter(name="customer", label=_("Customer"), field="contract__customer"),
        DateRangeFilter(name="due", label=_("Due date"), field="due_on"),
    ],
    default_sort="due_on",
    default_columns=[
        "name",
        "contract",
        "customer",
        "amount",
        "received",
        "balance",
        "due_on",
        "status",
        "owner",
    ],
    url_name="contracts:receivables",
    # Counting a person's overdue instalments reads every instalment of their contracts (a salesperson's
    # thousands); the page shows the first 50 by due date without an "N in total" label.
    counted=False,
    empty_text=_("No instalments to collect."),
    filtered_empty_text=_("No instalments match these filters."),
)


def payments_listed(user: Any, action: str) -> QuerySet:
    from django.db.models import Prefetch

    require(user, "payment", action)
    qs = Payment.objects.select_related("contract__customer", "created_by").prefetch_related(
        Prefetch("allocations", queryset=PaymentAllocation.objects.select_related("instalment"))
    )
    return visible(user, "payment", qs, action)


PAYMENTS = register_list(
    key="payments",
    kind="payment",
    title=_("Payments received"),
    queryset=payments_listed,
    columns=PAYMENT_COLUMNS,
    filters=[
        ChoiceFilter(
            name="method",
            label=_("Method"),
            field="method",
            options=lambda user: PaymentMethod.choices,
            empty_label=_("Every method"),
            max_length=8,
        ),
        PersonFilter(name="owner", label=_("Contract owner"), field="contract__owner", kind="payment"),
        DepartmentFilter(
            name="department", label=_("Department"), field="contract__owner__department", kind="payment"
        ),
        RecordFilter(name="contract", label=_("Contract"), field="contract"),
        RecordFilter(name="customer", label=_("Customer"), field="contract__customer"),
        NumberRangeFilter(name="amount", label=_("Amount (¥)"), field="amount"),
        DateRangeFilter(name="received", label=_("Received on"), field="received_on"),
    ],
    default_sort="-received_on",
    default_columns=[
        "received_on",
        "contract",
        "customer",
        "amount",
        "method",
        "reference",
        "allocations",
        "created_by",
    ],
    url_name="contracts:payments",
    import_kind="payments",
    name_column="received_on",
    empty_text=_("No payments recorded yet."),
    filtered_empty_text=_("No payments match these filters."),
)
