"""Realtime pushes to a user's open websockets (group ``user.<id>``), called after commit.

With the in-memory channel layer (the embedded default) the web server, its websockets and the worker
threads share one process; messages sent from a worker thread are handed to the server's event loop, which
``bind_server_loop()`` records when the ASGI application first runs.
"""

from __future__ import annotations

import asyncio
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

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
