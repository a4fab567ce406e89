"""HTTP under the ASGI server: Django's synchronous request handling, run whole in a bounded pool of threads.

Django's own ASGI handler runs the middleware chain in async mode and hops to a thread for every synchronous
middleware hook, for the view and for each signal, and it gives every request a thread of its own. Atrium's
middleware and views are synchronous, so those hops were most of a request's cost (4–7 ms of CPU for
``GET /api/v1/me``). Here the event loop only reads the request body and writes the response; everything
between runs in one call on one pool thread, as it would under a WSGI server with threads. Each pool thread
keeps its own database connection (``CONN_MAX_AGE``), so one process never holds more connections than it
has threads. Websockets stay fully asynchronous (Channels).

At most ``threads`` requests are worked on at once: Python runs one thread at a time, so more would only
make each of them slower (measured in bench/api_me.py). A streamed response (exports, downloads) is produced
in the same thread that made it, where its database cursor lives, and sent chunk by chunk as the client
takes it; while it streams, its thread does not count against ``threads`` (up to ``MAX_STREAMS`` at once), so
a few long downloads do not hold up everybody's pages. A client that goes away stops its stream.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.core import signals
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler, get_script_prefix
from django.db import connections
from django.http import FileResponse, HttpResponseBase
from django.urls import set_script_prefix

STREAM_CHUNK_BYTES = 64 * 1024
MULTIPART_ALLOWANCE = 1024 * 1024  # form fields and boundaries around the largest file one may upload

Message = dict[str, Any]


class PooledHTTPHandler(ASGIHandler):
    """An ASGI application for HTTP that serves each request synchronously on one of ``threads`` threads."""

    MAX_STREAMS = 8

    def __init__(self, threads: int) -> None:
        # ASGIHandler.__init__ would build the middleware chain in async mode; build it for sync calls.
        self._middleware_chain = None
        self.load_middleware(is_async=False)
        self.threads = threads
        self._pool = ThreadPoolExecutor(
            max_workers=threads + self.MAX_STREAMS, thread_name_prefix="atrium-http"
        )
        self._slots: asyncio.Semaphore | None = None  # made on the server's loop, at its first request
        self._slots_loop: asyncio.AbstractEventLoop | None = None
        self._streams = 0
        self._streams_lock = threading.Lock()
        self._served_on = _ThreadsSeen()
        # No request body is larger than the largest import file (or API/form body) plus its form around it:
        # a larger one is refused before it is read, and so never fills the disk.
        self.max_body_bytes = (
            max(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, settings.ATRIUM_IMPORT_MAX_BYTES) + MULTIPART_ALLOWANCE
        )

    async def __call__(self, scope: dict[str, Any], receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            raise ValueError(f"PooledHTTPHandler serves HTTP only, not {scope['type']}")
        try:
            if _declared_length(scope) > self.max_body_bytes:
                raise _TooLarge
            body_file = await self.read_body(receive)
        except RequestAborted:
            return
        except _TooLarge:
            await self._refuse_too_large(scope, send)
            return
        loop = asyncio.get_running_loop()
        if self._slots is None or self._slots_loop is not loop:
            self._slots, self._slots_loop = asyncio.Semaphore(self.threads), loop
        exchange = _Exchange(loop, receive, send, self._slots)
        context = contextvars.copy_context()
        await self._slots.acquire()
        try:
            start, body = await loop.run_in_executor(
                self._pool, context.run, self._serve, scope, body_file, exchange
            )
        finally:
            exchange.give_back_slot()
            body_file.close()
        if start is not None:  # a plain response, complete: one start and one body message
            await send(start)
            await send({"type": "http.response.body", "body": body})

    async def read_body(self, receive: Callable) -> Any:
        """Django's, stopping at ``max_body_bytes`` (a body sent in chunks declares no length)."""
        # the caller closes it, once the request has been served
        body_file = tempfile.SpooledTemporaryFile(  # noqa: SIM115
            max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE, mode="w+b"
        )
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                body_file.close()
                raise RequestAborted()
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                body_file.close()
                raise _TooLarge
            body_file.write(chunk)
            if not message.get("more_body", False):
                break
        body_file.seek(0)
        return body_file

    async def _refuse_too_large(self, scope: dict[str, Any], send: Callable) -> None:
        megabytes = self.max_body_bytes // (1024 * 1024)
        message = f"请求内容过大（最多约 {megabytes} MB）。/ The request is too large (at most about {megabytes} MB)."
        if scope["path"].startswith("/api/"):
            body, content_type = (
                json.dumps({"code": "too_large", "message": message, "fields": {}}).encode(),
                b"application/json",
            )
        else:
            body, content_type = (
                f"<!doctype html><title>413</title><p>{message}</p>".encode(),
                b"text/html; charset=utf-8",
            )
        headers = [
            (b"content-type", content_type),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _serve(
        self, scope: dict[str, Any], body_file: Any, exchange: _Exchange
    ) -> tuple[Message | None, bytes]:
        """On a pool thread: the request through the middleware and view; a plain response is handed back
        to the event loop to send, a streamed one is sent from here."""
        self._served_on.note()
        set_script_prefix(get_script_prefix(scope))
        signals.request_started.send(sender=self.__class__, scope=scope)
        request, error_response = self.create_request(scope, body_file)
        response: Any = error_response if request is None else self.get_response(request)
        response._handler_class = self.__class__
        try:
            if response.streaming:
                self._stream_detached(response, exchange)
                return None, b""
            return _start_message(response), response.content
        finally:
            response.close()  # request_finished: this thread's database connection is tidied here

    def close_connections(self, timeout: float = 30) -> None:
        """At server shutdown: every pool thread that served a request closes its database connections
        (each job waits at the barrier, so each lands on a different thread)."""
        count = self._served_on.count
        if count == 0:
            return
        barrier = threading.Barrier(count)

        def close_here() -> None:
            connections.close_all()
            barrier.wait(timeout)

        for job in [self._pool.submit(close_here) for _ in range(count)]:
            job.result(timeout)

    def _stream_detached(self, response: HttpResponseBase, exchange: _Exchange) -> None:
        """A stream hands its slot to the next request, unless MAX_STREAMS already stream."""
        with self._streams_lock:
            detached = self._streams < self.MAX_STREAMS
            self._streams += int(detached)
        if detached:
            exchange.give_back_slot()
        try:
            self._stream(response, exchange)
        finally:
            if detached:
                with self._streams_lock:
                    self._streams -= 1

    def _stream(self, response: HttpResponseBase, exchange: _Exchange) -> None:
        if isinstance(response, FileResponse):
            response.block_size = STREAM_CHUNK_BYTES
        exchange.watch_for_disconnect()
        try:
            exchange.send(_start_message(response))
            pending = bytearray()
            for part in response:
                if exchange.disconnected.is_set():
                    return
                pending += part
                if len(pending) >= STREAM_CHUNK_BYTES:
                    exchange.send({"type": "http.response.body", "body": bytes(pending), "more_body": True})
                    pending.clear()
            exchange.send({"type": "http.response.body", "body": bytes(pending)})
        finally:
            exchange.stop_watching()


class _TooLarge(Exception):
    pass


def _declared_length(scope: dict[str, Any]) -> int:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return 0  # Django answers a malformed length itself
    return 0


class _ThreadsSeen:
    """Counts the pool threads that have served a request."""

    def __init__(self) -> None:
        self._local = threading.local()
        self._lock = threading.Lock()
        self.count = 0

    def note(self) -> None:
        if not getattr(self._local, "seen", False):
            self._local.seen = True
            with self._lock:
                self.count += 1


class _Exchange:
    """What a pool thread needs of the connection: sending on the event loop and hearing a disconnect."""

    def __init__(
        self, loop: asyncio.AbstractEventLoop, receive: Callable, send: Callable, slots: asyncio.Semaphore
    ) -> None:
        self.loop = loop
        self.receive = receive
        self._send = send
        self._slots = slots
        self._slot_held = True
        self._slot_lock = threading.Lock()
        self.disconnected = threading.Event()
        self._watcher: Any = None

    def give_back_slot(self) -> None:
        """Once, from either side: the request no longer counts against the handler's threads."""
        with self._slot_lock:
            if not self._slot_held:
                return
            self._slot_held = False
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is self.loop:
            self._slots.release()
        else:
            self.loop.call_soon_threadsafe(self._slots.release)

    def send(self, message: Message) -> None:
        """Waits until the server has taken the message, so a slow client slows the stream (back-pressure)."""
        asyncio.run_coroutine_threadsafe(self._send(message), self.loop).result()

    def watch_for_disconnect(self) -> None:
        self._watcher = asyncio.run_coroutine_threadsafe(self._listen(), self.loop)

    def stop_watching(self) -> None:
        if self._watcher is not None and not self._watcher.done():
            self._watcher.cancel()

    async def _listen(self) -> None:
        while True:
            message = await self.receive()
            if message["type"] == "http.disconnect":
                self.disconnected.set()
                return


def _start_message(response: HttpResponseBase) -> Message:
    headers = [
        (
            header.encode("ascii") if isinstance(header, str) else bytes(header),
            value.encode("latin1") if isinstance(value, str) else bytes(value),
        )
        for header, value in response.items()
    ]
    headers.extend(
        (b"Set-Cookie", cookie.output(header="").encode("ascii").strip())
        for cookie in response.cookies.values()
    )
    return {"type": "http.response.start", "status": response.status_code, "headers": headers}
