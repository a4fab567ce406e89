"""Event contracts of people and access: what each accounts service emits (names and payloads)."""

from __future__ import annotations

from atrium.accounts.services import (
    department_create,
    department_delete,
    department_update,
    role_create,
    role_set_grants,
    user_create,
    user_deactivate,
    user_update,
)
from atrium.core.events import recorded_events


def test_accounts_services_emit_their_events(personas):
    admin = personas.admin
    me = {"actor_id": admin.pk}
    with recorded_events() as events:
        department = department_create(actor=admin, name="工程部")
        department_update(actor=admin, department_id=department.pk, version=None, name="工程一部")
        user = user_create(actor=admin, username="newbie", display_name="新人", department_id=department.pk)
        user_update(actor=admin, user_id=user.pk, version=None, display_name="新同事")
        user_deactivate(actor=admin, user_id=user.pk)
        role = role_create(actor=admin, name="测量员")
        role_set_grants(actor=admin, role_id=role.pk, version=None, grants=[("customer", "view", 1)])
        empty = department_create(actor=admin, name="临时组")
        department_delete(actor=admin, department_id=empty.pk)
    assert events == [
        ("department.created", {"department_id": department.pk, **me}),
        ("department.updated", {"department_id": department.pk, **me, "changed": ["name"]}),
        ("user.created", {"user_id": user.pk, **me}),
        ("user.updated", {"user_id": user.pk, **me}),
        ("user.deactivated", {"user_id": user.pk, **me}),
        ("role.created", {"role_id": role.pk, **me}),
        ("role.changed", {"role_id": role.pk, **me, "changed": ["grants"]}),
        ("department.created", {"department_id": empty.pk, **me}),
        ("department.deleted", {"department_id": empty.pk, **me, "name": "临时组"}),
    ]
