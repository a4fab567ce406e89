"""Websocket authentication: the session cookie (browser) or ``?token=atr_…`` / a Bearer header (programs)."""

from __future__ import annotations

from urllib.parse import parse_qs

from channels.auth import AuthMiddlewareStack
from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware


@database_sync_to_async
def _user_for_token(raw: str):
    from atrium.accounts.services import token_authenticate

    return token_authenticate(raw)


class TokenAuthMiddleware(BaseMiddleware):
    async def __call__(self, scope, receive, send):
        user = scope.get("user")
        if user is None or not user.is_authenticated:
            raw = ""
            for name, value in scope.get("headers", []):
                if name == b"authorization" and value.lower().startswith(b"bearer "):
                    raw = value[7:].decode("latin-1").strip()
            if not raw:
                query = scope.get("query_string", b"").decode("latin-1")
                raw = (parse_qs(query).get("token") or [""])[0]
            if raw:
                token_user = await _user_for_token(raw)
                if token_user is not None:
                    scope["user"] = token_user
        return await super().__call__(scope, receive, send)


def websocket_auth_stack(inner):
    return AuthMiddlewareStack(TokenAuthMiddleware(inner))
