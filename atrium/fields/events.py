"""Events of custom-field definitions (durable: automation and webhooks will follow schema changes)."""

from atrium.core.events import declare_event

declare_event("custom_field.created", ("custom_field_id", "actor_id"), durable=True)
declare_event("custom_field.updated", ("custom_field_id", "actor_id", "changed"), durable=True)
declare_event("custom_field.deleted", ("custom_field_id", "actor_id", "name"), durable=True)
declare_event("custom_field.retired", ("custom_field_id", "actor_id", "changed"), durable=True)
declare_event("custom_field.restored", ("custom_field_id", "actor_id", "changed"), durable=True)
