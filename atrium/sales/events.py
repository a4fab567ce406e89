"""Events of sales (declared here; see ``core.events``).

Record events are durable (webhooks, automation and notices subscribe to them). ``deal_board.changed`` is a
realtime hint only: the pipeline's kanban viewers refresh their totals; losing one costs a stale view, so it is
not kept in the outbox.
"""

from atrium.core.events import declare_event

ACTOR = ("actor_id",)

declare_event("deal.created", ("deal_id", *ACTOR), durable=True)
declare_event("deal.updated", ("deal_id", *ACTOR, "changed"), durable=True)
declare_event("deal.deleted", ("deal_id", *ACTOR, "name"), durable=True)
declare_event(
    "deal.moved",
    ("deal_id", *ACTOR, "from_stage_id", "to_stage_id", "state"),
    durable=True,
    description="A deal entered another stage of its pipeline; state is the new stage's kind (open/won/lost).",
)
declare_event(
    "deal.assigned",
    ("deal_id", *ACTOR, "owner_id", "previous_owner_id"),
    durable=True,
    description="A deal got an owner other than the person who acted: created for them or transferred.",
)
declare_event("pipeline.created", ("pipeline_id", *ACTOR), durable=True)
declare_event("pipeline.updated", ("pipeline_id", *ACTOR, "changed"), durable=True)
declare_event("pipeline.deleted", ("pipeline_id", *ACTOR, "name"), durable=True)
declare_event(
    "deal_board.changed",
    ("pipeline_ids",),
    durable=False,
    description="Deals of these pipelines were created, moved, changed or deleted (kanban totals are stale).",
)
for _kind in ("quote", "product"):
    declare_event(f"{_kind}.created", (f"{_kind}_id", *ACTOR), durable=True)
    declare_event(f"{_kind}.updated", (f"{_kind}_id", *ACTOR, "changed"), durable=True)
    declare_event(f"{_kind}.deleted", (f"{_kind}_id", *ACTOR, "name"), durable=True)
declare_event(
    "quote.status_changed",
    ("quote_id", "version_number", *ACTOR, "status"),
    durable=True,
    description="A version of the quote was sent, accepted or asked to be changed (status: its new status).",
)
declare_event(
    "quote.email_requested",
    ("quote_id", "version_number", "actor_id", "contact_id", "message"),
    durable=True,
    description="A version was sent to a contact: the worker e-mails it with its PDF and the link to answer.",
)
