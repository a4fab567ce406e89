"""Events of operation alerts (see ``core.events``): durable, so that the admins' notice and e-mail are not
lost between the sweep's commit and the hand-off."""

from atrium.core.events import declare_event

declare_event(
    "alert.raised",
    ("alert_ids",),
    durable=True,
    description="The sweep raised operation alerts (ids); each rule's chosen admins are told.",
)
