"""The ASGI application: Django for HTTP (synchronously, in a pool of threads: core.pooled_http), Channels
for the realtime socket at /ws/."""

import asyncio
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atrium.settings")

import django

django.setup(set_prefix=False)

from django.conf import settings  # noqa: E402

from atrium.core.pooled_http import PooledHTTPHandler  # noqa: E402

django_http = PooledHTTPHandler(threads=settings.ATRIUM_WEB_THREADS)

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.urls import path  # noqa: E402

from atrium.core.consumers import UserSocketConsumer  # noqa: E402
from atrium.core.realtime import bind_server_loop  # noqa: E402
from atrium.core.ws_auth import websocket_auth_stack  # noqa: E402

router = ProtocolTypeRouter(
    {
        "http": django_http,
        "websocket": AllowedHostsOriginValidator(
            websocket_auth_stack(URLRouter([path("ws/", UserSocketConsumer.as_asgi())]))
        ),
    }
)


async def application(scope, receive, send):
    """Records the server's event loop (for pushes from worker threads), then routes the connection."""
    if scope["type"] == "lifespan":
        bind_server_loop(asyncio.get_running_loop())
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await asyncio.get_running_loop().run_in_executor(None, django_http.close_connections)
                await send({"type": "lifespan.shutdown.complete"})
                return
    bind_server_loop(asyncio.get_running_loop())
    await router(scope, receive, send)
