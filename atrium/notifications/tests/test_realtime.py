"""The realtime socket at /ws/, through the real ASGI application and the configured channel layer.

Transactional tests: the pushes run after commit, from the thread that ran the service, as in production.
"""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async

from atrium.accounts.services import token_create, token_revoke, user_deactivate
from atrium.asgi import application
from atrium.core.consumers import UNAUTHENTICATED
from atrium.core.realtime import close_user_sockets
from atrium.notifications.services import notification_mark_read, notify
from atrium.testing.websockets import (
    ORIGIN,
    WebsocketCommunicator,
    assert_signed_out,
    open_socket,
    session_cookie,
    signed_in_socket,
)

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("close_worker_thread_connections"),
]


async def test_anonymous_socket_is_closed_with_4401(personas, channel_layer):
    socket, connected = await open_socket()
    await assert_signed_out(socket, connected)


async def test_forged_session_cookie_is_closed_with_4401(personas, channel_layer):
    socket, connected = await open_socket(headers=[(b"cookie", b"sessionid=forged")])
    await assert_signed_out(socket, connected)


async def test_session_cookie_socket_is_accepted(personas, channel_layer):
    socket = await signed_in_socket(personas.sales1)
    await socket.send_to(text_data="ping")
    assert await socket.receive_from() == "pong"
    await socket.disconnect()


async def test_token_socket_is_accepted_and_revoked_token_refused(personas, channel_layer):
    token, raw = await sync_to_async(token_create)(actor=personas.pm, name="phone app")
    socket, connected = await open_socket(f"/ws/?token={raw}")
    assert connected
    assert await socket.receive_json_from() == {"event": "hello", "data": {"user": personas.pm.pk}}
    await socket.disconnect()

    bearer, connected = await open_socket(headers=[(b"authorization", f"Bearer {raw}".encode())])
    assert connected
    assert (await bearer.receive_json_from())["data"] == {"user": personas.pm.pk}
    await bearer.disconnect()

    await sync_to_async(token_revoke)(actor=personas.pm, token_id=token.pk)
    refused, connected = await open_socket(f"/ws/?token={raw}")
    await assert_signed_out(refused, connected)
    garbled, connected = await open_socket("/ws/?token=atr_%FF%FE")
    await assert_signed_out(garbled, connected)


async def test_notification_reaches_only_its_recipient(personas, channel_layer):
    socket_a = await signed_in_socket(personas.sales1)
    socket_b = await signed_in_socket(personas.sales2)
    created = await sync_to_async(notify)(
        recipients=[personas.sales1], kind="system", title="新客户分配给您", body="详情", link="/me/"
    )
    assert await socket_a.receive_json_from() == {
        "event": "notification.created",
        "data": {"id": created[0].pk, "title": "新客户分配给您", "body": "详情", "link": "/me/", "unread": 1},
    }
    # B's next message is its own notification, sent after A's: A's was never delivered to B.
    await sync_to_async(notify)(recipients=[personas.sales2], kind="system", title="给张华")
    received_b = await socket_b.receive_json_from()
    assert received_b["event"] == "notification.created" and received_b["data"]["title"] == "给张华"
    assert await socket_a.receive_nothing()

    await sync_to_async(notification_mark_read)(actor=personas.sales1, notification_id=created[0].pk)
    assert await socket_a.receive_json_from() == {"event": "notification.read", "data": {"unread": 0}}
    await socket_a.disconnect()
    await socket_b.disconnect()


async def test_close_user_sockets_ends_only_that_users_sockets(personas, channel_layer):
    socket_a = await signed_in_socket(personas.sales1)
    socket_b = await signed_in_socket(personas.sales2)
    await sync_to_async(close_user_sockets)(personas.sales1.pk)
    assert await socket_a.receive_json_from() == {"event": "session.terminated", "data": {}}
    assert await socket_a.receive_output() == {"type": "websocket.close", "code": UNAUTHENTICATED}
    await socket_b.send_to(text_data="ping")
    assert await socket_b.receive_from() == "pong"
    await socket_b.disconnect()


async def test_deactivation_closes_the_users_sockets(personas, channel_layer):
    socket_a = await signed_in_socket(personas.member)
    await sync_to_async(user_deactivate)(actor=personas.admin, user_id=personas.member.pk)
    assert await socket_a.receive_json_from() == {"event": "session.terminated", "data": {}}
    assert await socket_a.receive_output() == {"type": "websocket.close", "code": UNAUTHENTICATED}
    cookie = await sync_to_async(session_cookie)(personas.member)
    again, connected = await open_socket(headers=[(b"cookie", cookie)])
    await assert_signed_out(again, connected)


async def test_token_offered_as_subprotocol_is_accepted_and_never_echoed(personas, channel_layer):
    _token, raw = await sync_to_async(token_create)(actor=personas.pm, name="phone app")
    socket = WebsocketCommunicator(
        application, "/ws/", headers=[ORIGIN], subprotocols=["atrium", f"atrium.token.{raw}"]
    )
    connected, subprotocol = await socket.connect()
    assert connected and subprotocol == "atrium"
    assert await socket.receive_json_from() == {"event": "hello", "data": {"user": personas.pm.pk}}
    await socket.disconnect()

    forged = WebsocketCommunicator(
        application, "/ws/", headers=[ORIGIN], subprotocols=["atrium", "atrium.token.atr_forged_x"]
    )
    connected, subprotocol = await forged.connect()
    assert subprotocol == "atrium"
    await assert_signed_out(forged, connected)
