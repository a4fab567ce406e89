"""Topics over the user's socket (``core.realtime``): subscribe, refusal, delivery, unsubscribe, disconnect.

A test-only prefix ``memo`` is registered for each test: ``memo.<n>`` may be followed by staff and by the
people listed for memo n. Its check queries the database, as an app's check through ``core.access`` does, so
the socket must run it off the event loop.
"""

from __future__ import annotations

import json

import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth import get_user_model

from atrium.core import realtime
from atrium.core.consumers import MAX_TOPICS
from atrium.core.errors import Forbidden
from atrium.core.realtime import push_to_topic, register_topic, topic_group
from atrium.testing.websockets import signed_in_socket

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("close_worker_thread_connections"),
]

MEMO_READERS: dict[str, set[str]] = {}  # memo → the usernames that may follow it, set per test


def may_read_memo(user, rest: str) -> bool:
    if rest == "forbidden":
        raise Forbidden()
    if rest == "broken":
        raise RuntimeError("the check itself failed")
    # A query, as a real check makes: it would fail if the socket ran it on the event loop.
    if not get_user_model().objects.filter(pk=user.pk, is_active=True).exists():
        return False
    return user.is_staff or user.username in MEMO_READERS.get(rest, set())


@pytest.fixture(autouse=True)
def memo_topics(monkeypatch, personas):
    monkeypatch.setattr(realtime, "_topics", {})
    readers = {"1": {personas.sales1.username}, "2": {personas.sales1.username, personas.sales2.username}}
    monkeypatch.setattr(f"{__name__}.MEMO_READERS", readers)
    register_topic("memo", may_read_memo)


async def send(socket, message) -> None:
    await socket.send_to(text_data=json.dumps(message))


async def subscribe(socket, topic) -> dict:
    await send(socket, {"subscribe": topic})
    return await socket.receive_json_from()


async def push(topic: str, data: dict) -> None:
    """From a worker thread, as a service's after-commit callback pushes."""
    await sync_to_async(push_to_topic)(topic, "memo.changed", data)


async def test_follower_receives_the_topic_and_a_refused_person_nothing(personas, channel_layer):
    reader = await signed_in_socket(personas.sales1)
    other = await signed_in_socket(personas.sales2)
    assert await subscribe(reader, "memo.1") == {"event": "subscribed", "data": {"topic": "memo.1"}}
    assert await subscribe(other, "memo.1") == {"event": "subscription.refused", "data": {"topic": "memo.1"}}

    await push("memo.1", {"memo": 1})
    assert await reader.receive_json_from() == {"event": "memo.changed", "data": {"memo": 1}}
    assert await other.receive_nothing()
    # The socket still does what it did before.
    await other.send_to(text_data="ping")
    assert await other.receive_from() == "pong"
    await reader.disconnect()
    await other.disconnect()


async def test_every_follower_receives_and_only_their_topics(personas, channel_layer):
    first = await signed_in_socket(personas.sales1)
    second = await signed_in_socket(personas.sales2)
    for socket in (first, second):
        assert (await subscribe(socket, "memo.2"))["event"] == "subscribed"
    assert (await subscribe(first, "memo.1"))["event"] == "subscribed"

    await push("memo.1", {"memo": 1})
    await push("memo.2", {"memo": 2})
    assert await first.receive_json_from() == {"event": "memo.changed", "data": {"memo": 1}}
    assert await first.receive_json_from() == {"event": "memo.changed", "data": {"memo": 2}}
    assert await second.receive_json_from() == {"event": "memo.changed", "data": {"memo": 2}}
    assert await second.receive_nothing()
    await first.disconnect()
    await second.disconnect()


async def test_staff_may_follow_what_the_check_allows_them(personas, channel_layer):
    await sync_to_async(type(personas.pm).objects.filter(pk=personas.pm.pk).update)(is_staff=True)
    socket = await signed_in_socket(personas.pm)
    assert (await subscribe(socket, "memo.1"))["event"] == "subscribed"
    await socket.disconnect()


@pytest.mark.parametrize(
    "topic, named",
    [
        ("nosuch.1", "nosuch.1"),  # no app registered the prefix
        ("memo", "memo"),
        ("memo.", "memo."),
        ("memo..1", "memo..1"),
        ("Memo.1", "Memo.1"),
        ("memo.1 2", "memo.1 2"),
        ("memo.1\n", "memo.1\n"),
        ("memo.é", "memo.é"),
        ("memo.forbidden", "memo.forbidden"),  # the check raised Forbidden
        ("memo.broken", "memo.broken"),  # the check failed: refused, logged
        ("memo." + "1" * 200, ""),  # too long to be named back
        (7, ""),
        (None, ""),
        (["memo.1"], ""),
    ],
)
async def test_unknown_malformed_and_refused_topics_are_not_joined(personas, channel_layer, topic, named):
    socket = await signed_in_socket(personas.sales1)
    assert await subscribe(socket, topic) == {"event": "subscription.refused", "data": {"topic": named}}
    await push("memo.1", {"memo": 1})
    assert await socket.receive_nothing()
    await socket.disconnect()


async def test_other_text_is_ignored(personas, channel_layer):
    socket = await signed_in_socket(personas.sales1)
    for text in ("hello", "{not json", "[1, 2]", '"memo.1"', "{}", '{"follow": "memo.1"}'):
        await socket.send_to(text_data=text)
    assert await socket.receive_nothing()
    await socket.send_to(text_data="ping")
    assert await socket.receive_from() == "pong"
    await socket.disconnect()


async def test_unsubscribe_stops_delivery(personas, channel_layer):
    socket = await signed_in_socket(personas.sales1)
    assert (await subscribe(socket, "memo.1"))["event"] == "subscribed"
    assert (await subscribe(socket, "memo.2"))["event"] == "subscribed"
    # Subscribing again is answered the same and joins once.
    assert await subscribe(socket, "memo.1") == {"event": "subscribed", "data": {"topic": "memo.1"}}

    await send(socket, {"unsubscribe": "memo.1"})
    assert await socket.receive_json_from() == {"event": "unsubscribed", "data": {"topic": "memo.1"}}
    await push("memo.1", {"memo": 1})
    await push("memo.2", {"memo": 2})
    assert await socket.receive_json_from() == {"event": "memo.changed", "data": {"memo": 2}}
    assert await socket.receive_nothing()

    # Leaving a topic never followed is answered too, and changes nothing.
    await send(socket, {"unsubscribe": "memo.1"})
    assert await socket.receive_json_from() == {"event": "unsubscribed", "data": {"topic": "memo.1"}}
    await socket.disconnect()


async def test_a_socket_follows_at_most_max_topics(personas, channel_layer):
    await sync_to_async(type(personas.sales1).objects.filter(pk=personas.sales1.pk).update)(is_staff=True)
    socket = await signed_in_socket(personas.sales1)
    for n in range(MAX_TOPICS):
        assert (await subscribe(socket, f"memo.{n}"))["event"] == "subscribed"
    assert (await subscribe(socket, "memo.extra"))["event"] == "subscription.refused"
    # One left makes room for another.
    await send(socket, {"unsubscribe": "memo.0"})
    assert (await socket.receive_json_from())["event"] == "unsubscribed"
    assert (await subscribe(socket, "memo.extra"))["event"] == "subscribed"
    await socket.disconnect()


async def test_disconnect_leaves_every_topic_group(personas, channel_layer):
    if not hasattr(channel_layer, "groups"):
        pytest.skip("the group membership is read from the in-memory channel layer")
    socket = await signed_in_socket(personas.sales1)
    for topic in ("memo.1", "memo.2"):
        assert (await subscribe(socket, topic))["event"] == "subscribed"
        assert len(channel_layer.groups.get(topic_group(topic), {})) == 1
    await socket.disconnect()
    for topic in ("memo.1", "memo.2"):
        assert not channel_layer.groups.get(topic_group(topic))


async def test_terminate_ends_the_socket_and_its_topics(personas, channel_layer):
    socket = await signed_in_socket(personas.sales1)
    assert (await subscribe(socket, "memo.1"))["event"] == "subscribed"
    await sync_to_async(realtime.close_user_sockets)(personas.sales1.pk)
    assert await socket.receive_json_from() == {"event": "session.terminated", "data": {}}
    assert (await socket.receive_output())["type"] == "websocket.close"
    await socket.disconnect()
    if hasattr(channel_layer, "groups"):
        assert not channel_layer.groups.get(topic_group("memo.1"))


def test_prefixes_and_topics_are_checked_where_they_are_declared_and_pushed():
    for prefix in ("", "Memo", "memo.sub", "memo x", "1memo", None):
        with pytest.raises(ValueError):
            register_topic(prefix, may_read_memo)
    register_topic("memo", may_read_memo)  # the same registration again is harmless
    with pytest.raises(ValueError):
        register_topic("memo", lambda user, rest: True)

    assert topic_group("memo.7") == "topic.memo.7"
    assert topic_group("memo.a-b_c.7") == "topic.memo.a-b_c.7"
    longest = "memo." + "x" * (realtime.MAX_TOPIC_LENGTH - 5)
    assert len(topic_group(longest)) < 100
    for topic in ("nosuch.7", "memo", "memo.7 ", longest + "x"):
        with pytest.raises(ValueError):
            topic_group(topic)
        with pytest.raises(ValueError):
            push_to_topic(topic, "memo.changed", {})
