"""Websocket authentication: the session cookie (browser), or a personal API token (programs).

A program offers its token as a subprotocol, which never reaches an access log:
``new WebSocket(url, ["atrium", "atrium.token.atr_…"])`` — the server answers with the plain ``atrium``
subprotocol, never echoing the token. ``Authorization: Bearer atr_…`` works where the client can set headers.
The old ``/ws/?token=atr_…`` form still works for existing clients; every log line redacts it
(``core.log_redaction``).
"""

from __future__ import annotations

from urllib.parse import parse_qs

from channels.auth import AuthMiddlewareStack
from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware

from atrium.core.directory import directory

SUBPROTOCOL = "atrium"
TOKEN_SUBPROTOCOL_PREFIX = "atrium.token."


@database_sync_to_async
def _user_for_token(raw: str):
    return directory().user_for_token(raw)


def offered_token(scope) -> str:
    """The token a websocket handshake carries: subprotocol, then Bearer header, then the query string."""
    for offered in scope.get("subprotocols") or []:
        if offered.startswith(TOKEN_SUBPROTOCOL_PREFIX):
            return offered[len(TOKEN_SUBPROTOCOL_PREFIX) :]
    for name, value in scope.get("headers", []):
        if name == b"authorization" and value.lower().startswith(b"bearer "):
            return value[7:].decode("latin-1").strip()
    query = scope.get("query_string", b"").decode("latin-1")
    return (parse_qs(query).get("token") or [""])[0]


def chosen_subprotocol(scope) -> str | None:
    """The subprotocol the server answers with: ``atrium`` when offered (a browser refuses a socket whose
    offered subprotocols were all ignored), never the token itself."""
    return SUBPROTOCOL if SUBPROTOCOL in (scope.get("subprotocols") or []) else None


class TokenAuthMiddleware(BaseMiddleware):
    async def __call__(self, scope, receive, send):
        user = scope.get("user")
        if user is None or not user.is_authenticated:
            raw = offered_token(scope)
            if raw:
                token_user = await _user_for_token(raw)
                if token_user is not None:
                    scope["user"] = token_user
        return await super().__call__(scope, receive, send)


def websocket_auth_stack(inner):
    return AuthMiddlewareStack(TokenAuthMiddleware(inner))
