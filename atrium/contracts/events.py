"""Events of contracts (declared here; see ``core.events``). Record events are durable: webhooks, automation and
notices subscribe to them."""

from atrium.core.events import declare_event

ACTOR = ("actor_id",)

for _kind in ("contract", "payment", "invoice"):
    declare_event(f"{_kind}.created", (f"{_kind}_id", *ACTOR), durable=True)
    declare_event(f"{_kind}.updated", (f"{_kind}_id", *ACTOR, "changed"), durable=True)
    declare_event(f"{_kind}.deleted", (f"{_kind}_id", *ACTOR, "name"), durable=True)
declare_event(
    "contract.status_changed",
    ("contract_id", *ACTOR, "status", "previous_status"),
    durable=True,
    description="A contract was signed, started, completed or terminated (status: its new status).",
)
declare_event(
    "contract.plan_changed",
    ("contract_id", *ACTOR),
    durable=True,
    description="The contract's payment plan (its instalments) was saved.",
)
declare_event(
    "payment.received",
    ("payment_id", "contract_id", *ACTOR, "amount"),
    durable=True,
    description="A payment was recorded against the contract and allocated to its instalments.",
)
declare_event(
    "instalment.reminder_due",
    ("instalment_id", "rule"),
    durable=True,
    description="An instalment is due in 3 days (rule before) or was due yesterday and is not fully received "
    "(rule after): its contract's owner is reminded, once per rule.",
)
