"""The user's realtime socket (``/ws/``): it joins ``user.<id>`` and relays what services push after commit.

Only the signed-in, active user's own group is joined, so a socket receives only what was addressed to that
person; pushes carry data the services already filtered through the access layer.

A page may also follow topics (``core.realtime``): it sends ``{"subscribe": "pipeline.7"}`` and is answered
``{"event": "subscribed", "data": {"topic": "pipeline.7"}}`` once the topic's app allowed it (the socket then
joins ``topic.pipeline.7``), else ``{"event": "subscription.refused", …}`` — for an unknown prefix, a malformed
topic, a refusal, or more than ``MAX_TOPICS`` topics on one socket. ``{"unsubscribe": …}`` leaves it
(answered ``unsubscribed``); closing the socket leaves them all.
"""

from __future__ import annotations

import asyncio
import json

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from atrium.core.realtime import (
    MAX_TOPIC_LENGTH,
    bind_server_loop,
    may_follow,
    parse_topic,
    topic_group,
    user_group,
)
from atrium.core.ws_auth import chosen_subprotocol

UNAUTHENTICATED = 4401
MAX_TOPICS = 20


def _shown(topic) -> str:
    """The topic as the reply names it: what was sent when it is text of a topic's length, else ""."""
    return topic if isinstance(topic, str) and len(topic) <= MAX_TOPIC_LENGTH else ""


class UserSocketConsumer(AsyncWebsocketConsumer):
    group: str | None = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.topics: dict[str, str] = {}  # topic → its group, joined by this socket

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
        topics, self.topics = self.topics, {}
        for group in topics.values():
            await self.channel_layer.group_discard(group, self.channel_name)
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if text_data == "ping":
            await self.send(text_data="pong")
            return
        if not self.group or not text_data or not text_data.startswith("{"):
            return
        try:
            message = json.loads(text_data)
        except ValueError:
            return
        if not isinstance(message, dict):
            return
        if "subscribe" in message:
            await self._follow(message["subscribe"])
        elif "unsubscribe" in message:
            await self._unfollow(message["unsubscribe"])

    # The helpers start with "_": the channel layer dispatches a message's "type" to the method of that name,
    # and never to one with a leading underscore.
    async def _follow(self, topic) -> None:
        shown = _shown(topic)
        if shown in self.topics:
            await self._reply("subscribed", shown)
            return
        allowed = (
            parse_topic(topic) is not None
            and len(self.topics) < MAX_TOPICS
            and await database_sync_to_async(may_follow)(self.scope["user"], topic)
        )
        if not allowed:
            await self._reply("subscription.refused", shown)
            return
        group = topic_group(topic)
        await self.channel_layer.group_add(group, self.channel_name)
        self.topics[topic] = group
        await self._reply("subscribed", topic)

    async def _unfollow(self, topic) -> None:
        shown = _shown(topic)
        group = self.topics.pop(shown, None)
        if group is not None:
            await self.channel_layer.group_discard(group, self.channel_name)
        await self._reply("unsubscribed", shown)

    async def _reply(self, event: str, topic: str) -> None:
        await self.send(text_data=json.dumps({"event": event, "data": {"topic": topic}}))

    async def push(self, message: dict) -> None:
        await self.send(text_data=json.dumps({"event": message["event"], "data": message["data"]}))

    async def terminate(self, message: dict) -> None:
        await self.send(text_data=json.dumps({"event": "session.terminated", "data": {}}))
        await self.close(code=UNAUTHENTICATED)
