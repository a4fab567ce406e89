"""Declared events: emit() refuses unknown names and payloads that do not match the declaration."""

from __future__ import annotations

import pytest
from django.db import transaction

from atrium.core.events import declare_event, declared_events, emit, get_event, recorded_events, subscribe


def test_unknown_event_is_refused():
    with pytest.raises(LookupError):
        emit("customer.teleported", customer_id=1)


def test_payload_must_have_exactly_the_declared_fields():
    with pytest.raises(TypeError, match="missing"):
        emit("customer.created", customer_id=1)
    with pytest.raises(TypeError, match="not declared"):
        emit("customer.created", customer_id=1, actor_id=2, extra=3)


def test_subscribing_to_an_undeclared_event_is_refused():
    with pytest.raises(LookupError):
        subscribe("nothing.happened", lambda **_: None)


def test_a_declaration_cannot_change():
    declare_event("test.same", ("a",))
    declare_event("test.same", ("a",))
    with pytest.raises(ValueError):
        declare_event("test.same", ("a", "b"))


def test_every_event_of_the_brief_is_declared():
    names = {spec.name for spec in declared_events()}
    expected = {
        *(f"customer.{e}" for e in ("created", "updated", "deleted", "transferred", "claimed", "released")),
        "customer.merged",
        *(f"contact.{e}" for e in ("created", "updated", "deleted")),
        "lead.created",
        "lead.updated",
        "lead.converted",
        "followup.created",
        "user.created",
        "user.updated",
        "user.deactivated",
        "role.changed",
        "department.created",
        "department.updated",
        "department.deleted",
        "import.finished",
    }
    assert expected <= names
    assert get_event("customer.transferred").durable


@pytest.mark.django_db(transaction=True)
def test_plain_subscribers_run_after_commit_only():
    declare_event("test.plain", ("n",))
    seen: list[int] = []

    def handler(*, n: int) -> None:
        seen.append(n)

    subscribe("test.plain", handler)
    with pytest.raises(RuntimeError), transaction.atomic():
        emit("test.plain", n=1)
        raise RuntimeError("rolled back")
    with transaction.atomic():
        with recorded_events() as events:
            emit("test.plain", n=2)
        assert seen == []
    assert seen == [2] and events == [("test.plain", {"n": 2})]
