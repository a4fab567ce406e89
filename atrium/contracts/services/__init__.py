"""Every write of contracts: contracts and their plans (``contracts``, ``plans``), payments and invoices
(``payments``), the instalment reminders (``reminders``)."""

from atrium.contracts.services.contracts import (
    contract_create,
    contract_delete,
    contract_plan_save,
    contract_set_status,
    contract_update,
)
from atrium.contracts.services.payments import invoice_create, invoice_delete, payment_delete, payment_record
from atrium.contracts.services.reminders import instalments_send_reminders

__all__ = [
    "contract_create",
    "contract_delete",
    "contract_plan_save",
    "contract_set_status",
    "contract_update",
    "instalments_send_reminders",
    "invoice_create",
    "invoice_delete",
    "payment_delete",
    "payment_record",
]
