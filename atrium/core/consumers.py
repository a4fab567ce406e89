"""The user's realtime socket (``/ws/``): it joins ``user.<id>`` and relays what services push after commit.

Only the signed-in, active user's own group is joined, so a socket receives only what was addressed to that
person; pushes carry data the services already filtered through the access layer.
"""

from __future__ import annotations

import asyncio
import json

from channels.generic.websocket import AsyncWebsocketConsumer

from atrium.core.realtime import bind_server_loop, user_group
from atrium.core.ws_auth import chosen_subprotocol

UNAUTHENTICATED = 4401


class UserSocketConsumer(AsyncWebsocketConsumer):
    group: str | None = None

    async def connect(self) -> None:
        bind_server_loop(asyncio.get_running_loop())
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
            # Accept, then close with 4401: a socket refused during the handshake reaches the browser as a
            # bare 1006, and the page could not tell "signed out" from "network down".
            await self.accept(chosen_subprotocol(self.scope))
            await self.close(code=UNAUTHENTICATED)
            return
        self.group = user_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept(chosen_subprotocol(self.scope))
        await self.send(text_data=json.dumps({"event": "hello", "data": {"user": user.pk}}))

    async def disconnect(self, code: int) -> None:
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if text_data == "ping":
            await self.send(text_data="pong")

    async def push(self, message: dict) -> None:
        await self.send(text_data=json.dumps({"event": message["event"], "data": message["data"]}))

    async def terminate(self, message: dict) -> None:
        await self.send(text_data=json.dumps({"event": "session.terminated", "data": {}}))
        await self.close(code=UNAUTHENTICATED)
