"""Events of feedback (declared here; see ``core.events``). ``feedback.answered``: an admin answered; the sender
is told (``notices.py``)."""

from atrium.core.events import declare_event

ACTOR = ("actor_id",)

declare_event("feedback.created", ("feedback_id", *ACTOR), durable=True)
declare_event("feedback.updated", ("feedback_id", *ACTOR, "changed"), durable=True)
declare_event(
    "feedback.answered",
    ("feedback_id", *ACTOR, "recipient_id"),
    durable=True,
    description="An answer was written (or changed); the person who sent the feedback is told.",
)
