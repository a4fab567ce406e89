"""Tests of the realtime socket at /ws/: Channels' WebsocketCommunicator (importable without daphne) and
helpers that open sockets through the real ASGI application, signed in by session cookie.

``channels.testing/__init__`` imports daphne for its live-server test case, which Atrium does not use or
install (uvicorn serves it). When daphne is missing, the package is registered without running that
``__init__``, so that its ``websocket`` module (which needs only asgiref) imports as usual.

The fixtures ``channel_layer`` (a flushed layer) and ``close_worker_thread_connections`` are in the root
conftest.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from pathlib import Path

import channels
from asgiref.sync import sync_to_async
from django.conf import settings
from django.test import Client

if importlib.util.find_spec("daphne") is None and "channels.testing" not in sys.modules:
    package = types.ModuleType("channels.testing")
    package.__path__ = [str(Path(channels.__file__).parent / "testing")]
    sys.modules["channels.testing"] = package

from channels.testing.websocket import WebsocketCommunicator

from atrium.asgi import application
from atrium.core.consumers import UNAUTHENTICATED

__all__ = [
    "ORIGIN",
    "WebsocketCommunicator",
    "assert_signed_out",
    "open_socket",
    "session_cookie",
    "signed_in_socket",
]

ORIGIN = (b"origin", b"http://testserver")


def session_cookie(user) -> bytes:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}".encode()


async def open_socket(path: str = "/ws/", headers: list[tuple[bytes, bytes]] | None = None):
    socket = WebsocketCommunicator(application, path, headers=[ORIGIN, *(headers or [])])
    connected, _subprotocol = await socket.connect()
    return socket, connected


async def signed_in_socket(user) -> WebsocketCommunicator:
    cookie = await sync_to_async(session_cookie)(user)
    socket, connected = await open_socket(headers=[(b"cookie", cookie)])
    assert connected
    assert await socket.receive_json_from() == {"event": "hello", "data": {"user": user.pk}}
    return socket


async def assert_signed_out(socket: WebsocketCommunicator, connected: bool) -> None:
    """Refused sockets are accepted and closed at once with 4401, so that the browser sees the code."""
    assert connected
    assert await socket.receive_output() == {"type": "websocket.close", "code": UNAUTHENTICATED}
