"""The records of contracts: contracts and their instalments (``contracts``); payments, their allocations,
invoices and contract files (``payments``)."""

from atrium.contracts.models.contracts import (
    COLLECT_FROM_DAYS,
    COLLECTING,
    Contract,
    ContractStatus,
    Instalment,
    InstalmentReminder,
    InstalmentStatus,
    ReminderRule,
    instalment_status,
)
from atrium.contracts.models.payments import (
    ContractFile,
    Invoice,
    InvoiceKind,
    Payment,
    PaymentAllocation,
    PaymentMethod,
)

__all__ = [
    "COLLECTING",
    "COLLECT_FROM_DAYS",
    "Contract",
    "ContractFile",
    "ContractStatus",
    "Instalment",
    "InstalmentReminder",
    "InstalmentStatus",
    "Invoice",
    "InvoiceKind",
    "Payment",
    "PaymentAllocation",
    "PaymentMethod",
    "ReminderRule",
    "instalment_status",
]
