"""Events of people and access (declared here, emitted by accounts/services; see ``core.events``)."""

from atrium.core.events import declare_event

ACTOR = ("actor_id",)

for _name in ("user.created", "user.updated", "user.deactivated", "user.reactivated", "user.password_reset"):
    declare_event(_name, ("user_id", *ACTOR))
declare_event(
    "user.roles_changed",
    ("user_id", *ACTOR),
    durable=True,
    description="The person is told (account notice).",
)
declare_event("role.created", ("role_id", *ACTOR))
declare_event("role.changed", ("role_id", *ACTOR, "changed"), description="Name, description or grants.")
declare_event("role.deleted", ("role_id", *ACTOR, "name"))
declare_event("department.created", ("department_id", *ACTOR))
declare_event("department.updated", ("department_id", *ACTOR, "changed"))
declare_event("department.deleted", ("department_id", *ACTOR, "name"))
