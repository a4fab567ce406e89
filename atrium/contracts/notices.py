"""Notifications of contracts, as subscribers of its durable events: an instalment due in 3 days or overdue
since yesterday tells the contract's owner; a payment recorded by someone else tells the owner too."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from atrium.accounts.models import User
from atrium.contracts import events  # noqa: F401  (declares the events subscribed to here)
from atrium.contracts.models import Instalment, Payment, ReminderRule
from atrium.core.events import subscribe
from atrium.customers.services.records import record_link
from atrium.notifications.registry import register_notification_kind
from atrium.notifications.services import notify_in_language
from atrium.sales.list_columns import yuan

INSTALMENT_DUE = "contracts.instalment_due"
PAYMENT_RECEIVED = "contracts.payment_received"

register_notification_kind(
    INSTALMENT_DUE, gettext_lazy("Instalments due soon or overdue"), default_email=True
)
register_notification_kind(PAYMENT_RECEIVED, gettext_lazy("Payments received on your contracts"))


def _contract_link(contract_id: int) -> str:
    return record_link("contracts:detail", contract_id, f"/contracts/{contract_id}/")


def tell_owner_of_instalment(*, instalment_id: int, rule: str, **_delivery: Any) -> None:
    instalment = Instalment.objects.select_related("contract__customer").filter(pk=instalment_id).first()
    if instalment is None or instalment.balance <= 0:
        return
    contract = instalment.contract

    def title() -> str:
        values = {
            "customer": contract.customer.name,
            "name": instalment.name,
            "number": contract.number,
            "balance": yuan(instalment.balance),
            "due": instalment.due_on.strftime("%Y-%m-%d"),
        }
        if rule == ReminderRule.BEFORE:
            return _("%(customer)s: %(name)s of %(number)s (%(balance)s) is due on %(due)s") % values
        return (
            _("%(customer)s: %(name)s of %(number)s (%(balance)s) was due on %(due)s and is overdue") % values
        )

    notify_in_language(contract.owner_id, INSTALMENT_DUE, title, link=_contract_link(contract.pk))


subscribe("instalment.reminder_due", tell_owner_of_instalment)


def tell_owner_of_payment(
    *, payment_id: int, contract_id: int, actor_id: int | None, **_delivery: Any
) -> None:
    payment = Payment.objects.select_related("contract__customer").filter(pk=payment_id).first()
    if payment is None or payment.contract.owner_id == actor_id:
        return
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    contract = payment.contract

    def title() -> str:
        return _("%(actor)s recorded a payment of %(amount)s from %(customer)s on %(number)s") % {
            "actor": str(actor) if actor else "",
            "amount": yuan(payment.amount),
            "customer": contract.customer.name,
            "number": contract.number,
        }

    notify_in_language(
        contract.owner_id, PAYMENT_RECEIVED, title, link=_contract_link(contract.pk), actor=actor
    )


subscribe("payment.received", tell_owner_of_payment)
