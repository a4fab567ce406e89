"""Events of the import engine (declared here; the engine emits them when a job ends)."""

from atrium.core.events import declare_event

declare_event(
    "import.finished",
    ("import_job_id", "actor_id", "kind", "status", "created", "updated", "failed"),
    durable=True,
    description="An import job ended (status done or failed) with its row counts.",
)
