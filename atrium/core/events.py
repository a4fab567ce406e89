"""Declared events: side effects after commit, from services only.

Every event is declared once (``declare_event("customer.transferred", fields=(...), durable=True)``) by the
app that emits it; ``emit()`` refuses an unknown name and a payload whose fields are not exactly the declared
ones. Subscribers (``subscribe(name, handler)``, connected in an app's ``ready()``) are called as
``handler(**payload)``:

- a plain event runs its subscribers once the emitting transaction commits, never if it rolls back; one
  failing handler is logged and does not stop the others;
- a **durable** event writes one outbox row per subscriber in the emitting transaction (``core.outbox``):
  the worker delivers it after commit, a periodic sweep picks up any row whose hand-off was lost (a crash
  between commit and queueing), a failed delivery is retried with back-off and ends visibly ``failed``.
  Durable handlers also get ``delivery_key=`` (unique per event and subscriber) so that what they send
  outside (webhooks, e-mail) can be de-duplicated. Payloads of durable events are JSON.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)

Handler = Callable[..., Any]


@dataclass(frozen=True)
class EventSpec:
    name: str
    fields: tuple[str, ...]
    durable: bool = False
    description: str = ""


_events: dict[str, EventSpec] = {}
_subscribers: dict[str, list[Handler]] = defaultdict(list)


def declare_event(
    name: str, fields: Iterable[str], *, durable: bool = False, description: str = ""
) -> EventSpec:
    spec = EventSpec(name=name, fields=tuple(fields), durable=durable, description=description)
    existing = _events.get(name)
    if existing is not None and existing != spec:
        raise ValueError(f"event {name!r} is declared twice with different definitions")
    _events[name] = spec
    return spec


def get_event(name: str) -> EventSpec:
    try:
        return _events[name]
    except KeyError:
        raise LookupError(f"unknown event {name!r}: declare_event() it first") from None


def declared_events() -> list[EventSpec]:
    return sorted(_events.values(), key=lambda spec: spec.name)


def subscribe(event: str, handler: Handler) -> None:
    get_event(event)
    if handler not in _subscribers[event]:
        _subscribers[event].append(handler)


def subscribers(event: str) -> list[Handler]:
    return list(_subscribers.get(event, ()))


def handler_name(handler: Handler) -> str:
    return f"{handler.__module__}.{handler.__qualname__}"


def handler_by_name(event: str, name: str) -> Handler | None:
    return next((h for h in subscribers(event) if handler_name(h) == name), None)


def _run_safely(event: str, handler: Handler, payload: dict[str, Any]) -> None:
    try:
        handler(**payload)
    except Exception:
        logger.exception("handler %r for event %r failed", handler, event)


def check_payload(spec: EventSpec, payload: dict[str, Any]) -> None:
    given, wanted = set(payload), set(spec.fields)
    if given != wanted:
        missing, extra = sorted(wanted - given), sorted(given - wanted)
        raise TypeError(f"event {spec.name!r}: payload fields missing {missing}, not declared {extra}")


_recorders: list[list[tuple[str, dict[str, Any]]]] = []


def emit(event: str, **payload: Any) -> None:
    """Hand ``event`` to its subscribers after the current transaction commits (at once outside one);
    a durable event is written to the outbox now, in the transaction."""
    spec = get_event(event)
    check_payload(spec, payload)
    for recorder in _recorders:
        recorder.append((event, dict(payload)))
    handlers = subscribers(event)
    if spec.durable:
        if handlers:
            from atrium.core.outbox import outbox_write

            outbox_write(spec, payload, [handler_name(h) for h in handlers])
        return
    for handler in handlers:
        transaction.on_commit(partial(_run_safely, event, handler, payload))


class recorded_events:
    """Test aid for event contracts: ``with recorded_events() as events: …`` lists ``(name, payload)`` of
    every event emitted inside the block (whether or not it commits)."""

    def __enter__(self) -> list[tuple[str, dict[str, Any]]]:
        self.events: list[tuple[str, dict[str, Any]]] = []
        _recorders.append(self.events)
        return self.events

    def __exit__(self, *exc: object) -> None:
        _recorders.remove(self.events)


def after_commit(fn: Handler, *args: Any, **kwargs: Any) -> None:
    """Run one side effect after commit (for a mechanism's own hand-offs; services emit events)."""
    transaction.on_commit(
        partial(_run_safely, getattr(fn, "__name__", "after_commit"), partial(fn, *args), kwargs)
    )
