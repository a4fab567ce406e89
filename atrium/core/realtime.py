"""Realtime pushes to a user's open websockets (group ``user.<id>``), called after commit.

Topics: a page may follow a topic such as ``pipeline.7`` over the same socket. The app that owns the prefix
registers it once (``register_topic("pipeline", authorise)``, in its ``ready()``); ``authorise(user, "7")``
answers, through ``core.access``, whether that person may follow it, and is asked again on every subscribe.
``push_to_topic("pipeline.7", "pipeline.changed", {"pipeline": 7})`` then reaches every socket that joined
``topic_group("pipeline.7")``. Every follower gets the same message, so its data says only *that* something
changed (ids); each page then reloads what it shows through its own, scoped views.

With the in-memory channel layer (the embedded default) the web server, its websockets and the worker
threads share one process; messages sent from a worker thread are handed to the server's event loop, which
``bind_server_loop()`` records when the ASGI application first runs.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied

from atrium.core.errors import Forbidden, NotFound

logger = logging.getLogger(__name__)

_server_loop: asyncio.AbstractEventLoop | None = None
# Tasks started on the server loop are kept until done: the loop holds only weak references to them.
_pending: set[asyncio.Task] = set()


def bind_server_loop(loop: asyncio.AbstractEventLoop) -> None:
    global _server_loop
    _server_loop = loop


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def _group_send(group: str, message: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    loop = _server_loop
    if loop is not None and loop.is_running() and not loop.is_closed():
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            task = loop.create_task(layer.group_send(group, message))
            _pending.add(task)
            task.add_done_callback(_pending.discard)
            return
        asyncio.run_coroutine_threadsafe(layer.group_send(group, message), loop).result(timeout=10)
        return
    async_to_sync(layer.group_send)(group, message)


def push_to_user(user_id: int, event: str, data: dict[str, Any]) -> None:
    _group_send(user_group(user_id), {"type": "push", "event": event, "data": data})


def close_user_sockets(user_id: int) -> None:
    """Ends every open websocket of the user (deactivation, sign-out everywhere)."""
    _group_send(user_group(user_id), {"type": "terminate"})


# --- Topics ------------------------------------------------------------------------------------------------

Authorise = Callable[[Any, str], bool]

# "topic." + the topic stays a valid channel-layer group name (ASCII letters, digits, "._-", under 100).
MAX_TOPIC_LENGTH = 80
_PREFIX = re.compile(r"[a-z][a-z0-9_-]*")
_TOPIC = re.compile(r"([a-z][a-z0-9_-]*)\.([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)")

_topics: dict[str, Authorise] = {}


def register_topic(prefix: str, authorise: Authorise) -> None:
    """Declares the topics ``<prefix>.<rest>``; ``authorise(user, rest)`` (synchronous, may query the
    database) answers ``True`` when that person may follow one (anything else, or an error, refuses). A
    prefix belongs to one app: registering it again with another function is an error."""
    if not isinstance(prefix, str) or not _PREFIX.fullmatch(prefix):
        raise ValueError(f"topic prefix {prefix!r} must be lower-case letters, digits, '_' or '-', no dots")
    existing = _topics.get(prefix)
    if existing is not None and existing is not authorise:
        raise ValueError(f"topic prefix {prefix!r} is already registered")
    _topics[prefix] = authorise


def parse_topic(topic: Any) -> tuple[str, str] | None:
    """``(prefix, rest)`` of a well-formed topic with a registered prefix, else None."""
    if not isinstance(topic, str) or len(topic) > MAX_TOPIC_LENGTH:
        return None
    match = _TOPIC.fullmatch(topic)
    if match is None or match.group(1) not in _topics:
        return None
    return match.group(1), match.group(2)


def topic_group(topic: str) -> str:
    """The channel-layer group of a topic; ValueError for a malformed topic or an unregistered prefix."""
    if parse_topic(topic) is None:
        raise ValueError(f"{topic!r} is not a topic of a registered prefix")
    return f"topic.{topic}"


def may_follow(user: Any, topic: Any) -> bool:
    """Whether this person may follow the topic: well-formed, registered, and allowed by its app. Synchronous
    (the socket calls it through ``database_sync_to_async``); an error in the check refuses."""
    parsed = parse_topic(topic)
    if parsed is None:
        return False
    prefix, rest = parsed
    try:
        return _topics[prefix](user, rest) is True
    except (Forbidden, NotFound, ObjectDoesNotExist, PermissionDenied):
        return False
    except Exception:
        logger.exception("the check of topic %r failed; the subscription is refused", topic)
        return False


def push_to_topic(topic: str, event: str, data: dict[str, Any]) -> None:
    """Tells every socket following ``topic`` that something changed; call it after commit. ``data`` goes to
    every follower alike, so it carries no scoped content (no names, amounts): ids and facts only."""
    _group_send(topic_group(topic), {"type": "push", "event": event, "data": data})
