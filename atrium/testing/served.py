"""The real ASGI application (atrium.asgi: pooled HTTP + websockets) behind a real uvicorn server on a free
loopback port, in a thread of the test process, for tests that need the production server path (streaming,
websockets in the browser). The test's database must be committed (transactional tests)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

from atrium.core.log_redaction import uvicorn_log_config


@contextlib.contextmanager
def serving(*, access_log: bool = False) -> Iterator[int]:
    """Yields the port; stops the server (lifespan shutdown: the web threads close their connections).
    Logs as ``atrium serve`` does (with its redacting filters); ``access_log`` adds the access lines."""
    import uvicorn

    from atrium.asgi import application

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    config = uvicorn.Config(
        application,
        lifespan="on",
        log_level="info" if access_log else "warning",
        access_log=access_log,
        log_config=uvicorn_log_config(),
    )
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield listener.getsockname()[1]
    finally:
        running.should_exit = True
        thread.join(timeout=20)
        listener.close()
