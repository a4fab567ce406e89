"""Side effects after commit, from services only.

A service calls ``emit("user.deactivated", user_id=…)`` (or ``after_commit(fn, …)``) inside its transaction.
Handlers subscribed to the event run once the transaction commits, and never if it rolls back. Handlers push
realtime messages, queue e-mails and worker jobs, and (later) run automations and webhooks. One failing
handler is logged and does not stop the others.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)

Handler = Callable[..., Any]
_subscribers: dict[str, list[Handler]] = defaultdict(list)


def subscribe(event: str, handler: Handler) -> None:
    if handler not in _subscribers[event]:
        _subscribers[event].append(handler)


def subscribers(event: str) -> list[Handler]:
    return list(_subscribers.get(event, ()))


def _run_safely(event: str, handler: Handler, payload: dict[str, Any]) -> None:
    try:
        handler(**payload)
    except Exception:
        logger.exception("handler %r for event %r failed", handler, event)


def emit(event: str, **payload: Any) -> None:
    """Run every handler of ``event`` after the current transaction commits (at once outside one)."""
    for handler in subscribers(event):
        transaction.on_commit(partial(_run_safely, event, handler, payload))


def after_commit(fn: Handler, *args: Any, **kwargs: Any) -> None:
    """Run one side effect after commit."""
    transaction.on_commit(
        partial(_run_safely, getattr(fn, "__name__", "after_commit"), partial(fn, *args), kwargs)
    )
