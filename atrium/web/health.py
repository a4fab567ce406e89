"""The state of the parts Atrium needs: database, worker queue, channel layer."""

from __future__ import annotations

import time
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection


def _timed(check) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        detail = check()
        state = {"status": "ok", **(detail or {})}
    except Exception as exc:  # a health check reports every failure instead of raising it
        state = {"status": "error", "error": f"{type(exc).__name__}: {exc}"[:300]}
    state["ms"] = round((time.perf_counter() - started) * 1000, 2)
    return state


def _database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"engine": connection.vendor}


def _queue() -> dict[str, Any]:
    from huey.contrib.djhuey import HUEY

    return {"backend": type(HUEY).__name__, "pending": HUEY.pending_count()}


def _channels() -> dict[str, Any]:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.send)(channel, {"type": "health.ping"})
    message = async_to_sync(layer.receive)(channel)
    if message.get("type") != "health.ping":
        raise RuntimeError("channel layer did not return the message")
    return {"backend": type(layer).__name__}


def health_report() -> dict[str, Any]:
    checks = {"database": _timed(_database), "queue": _timed(_queue), "channels": _timed(_channels)}
    overall = "ok" if all(c["status"] == "ok" for c in checks.values()) else "error"
    return {"status": overall, **checks}
