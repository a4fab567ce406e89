"""Events of customers, contacts, leads and follow-ups (declared here; see ``core.events``).

Record events are durable: webhooks and automation will subscribe to them, and what they trigger must not be
lost. Ids are record ids; ``actor_id`` is the person who acted (None: a system process).
"""

from atrium.core.events import declare_event

ACTOR = ("actor_id",)

for _kind in ("customer", "contact", "lead", "followup"):
    declare_event(f"{_kind}.created", (f"{_kind}_id", *ACTOR), durable=True)
    declare_event(f"{_kind}.updated", (f"{_kind}_id", *ACTOR, "changed"), durable=True)
    declare_event(f"{_kind}.deleted", (f"{_kind}_id", *ACTOR, "name"), durable=True)

declare_event("customer.claimed", ("customer_ids", *ACTOR), durable=True)
declare_event(
    "customer.released",
    ("customer_ids", "previous_owner_ids", *ACTOR, "return_after_days"),
    durable=True,
    description="Back in the pool: by a person (return_after_days None) or by the nightly rule.",
)
declare_event("customer.transferred", ("customer_ids", *ACTOR, "to_user_id"), durable=True)
declare_event("customer.merged", ("customer_id", "merged_id", *ACTOR), durable=True)
declare_event(
    "lead.converted", ("lead_id", *ACTOR, "customer_id", "contact_id", "customer_created"), durable=True
)
declare_event(
    "followup.reminder_due",
    ("followup_id", "recipient_id"),
    durable=True,
    description="The next follow-up time has come (claimed once by the worker); the recipient is reminded.",
)
declare_event(
    "followup.daily_due",
    ("recipient_id", "day", "customers", "leads"),
    durable=True,
    description="The company's daily reminder time has come: the recipient owns this many customers and leads "
    "due by the end of the day (claimed once per day by the worker).",
)
