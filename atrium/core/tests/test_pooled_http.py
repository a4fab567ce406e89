"""HTTP under the ASGI server (core.pooled_http): each request runs whole on a pool thread, at most
``threads`` at once; streamed responses are sent from their own thread, with back-pressure, stop when the
client hangs up, and do not hold a slot. The views here are this module's own URLconf."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest
from django.http import HttpResponse, StreamingHttpResponse
from django.test import override_settings
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from atrium.core.pooled_http import STREAM_CHUNK_BYTES, PooledHTTPHandler

CHUNK = b"x" * 10_000
stream_log: dict[str, object] = {}
gate = threading.Event()
active = {"now": 0, "most": 0}
active_lock = threading.Lock()


def plain(request):
    response = HttpResponse("你好", content_type="text/plain; charset=utf-8", headers={"X-Answer": "42"})
    response.set_cookie("flavour", "jasmine")
    return response


def which_thread(request):
    return HttpResponse(threading.current_thread().name)


@csrf_exempt
def echo(request):
    return HttpResponse(f"{len(request.body)} {request.POST.get('name', '')}")


def boom(request):
    raise RuntimeError("the view failed")


def held(request):
    """Waits for the test to open the gate; counts how many run at once."""
    with active_lock:
        active["now"] += 1
        active["most"] = max(active["most"], active["now"])
    gate.wait(timeout=10)
    with active_lock:
        active["now"] -= 1
    return HttpResponse("done")


def _chunks(count: int) -> Iterator[bytes]:
    stream_log.update(produced=0, closed=False, thread=threading.current_thread().name)
    try:
        for _ in range(count):
            stream_log["produced"] = int(str(stream_log["produced"])) + 1
            yield CHUNK
    finally:
        stream_log["closed"] = True


def stream(request):
    return StreamingHttpResponse(_chunks(int(request.GET.get("n", "50"))))


urlpatterns = [
    path("plain/", plain),
    path("thread/", which_thread),
    path("echo/", echo),
    path("boom/", boom),
    path("held/", held),
    path("stream/", stream),
]

pytestmark = pytest.mark.urls(__name__)


def _scope(method: str, target: str, headers: list[tuple[bytes, bytes]] | None = None) -> dict:
    path_part, _, query = target.partition("?")
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path_part,
        "raw_path": path_part.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1"), *(headers or [])],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }


class Client:
    """One HTTP exchange with the handler, as an ASGI server would drive it; ``hang_up_after`` body
    messages the client disconnects, ``slow`` makes each send wait until ``release`` is set."""

    def __init__(self, method: str, target: str, body: bytes = b"", headers=None) -> None:
        self.scope = _scope(method, target, headers)
        self.body = body
        self.sent: list[dict] = []
        self.hang_up_after: int | None = None
        self.slow: asyncio.Event | None = None

    async def __call__(self, handler: PooledHTTPHandler) -> Client:
        hang_up = asyncio.Event()
        inbox = [{"type": "http.request", "body": self.body, "more_body": False}]

        async def receive():
            if inbox:
                return inbox.pop(0)
            await hang_up.wait()
            return {"type": "http.disconnect"}

        async def send(message):
            if self.slow is not None:
                await self.slow.wait()
            self.sent.append(message)
            if self.hang_up_after is not None and len(self.bodies) >= self.hang_up_after:
                hang_up.set()

        await handler(self.scope, receive, send)
        return self

    @property
    def bodies(self) -> list[bytes]:
        return [m["body"] for m in self.sent if m["type"] == "http.response.body"]

    @property
    def status(self) -> int:
        return self.sent[0]["status"]

    @property
    def headers(self) -> dict[bytes, bytes]:
        return dict(self.sent[0]["headers"])


def serve(*clients: Client, threads: int = 2) -> None:
    serve_with(PooledHTTPHandler(threads=threads), *clients)


def serve_with(handler: PooledHTTPHandler, *clients: Client) -> None:
    async def run_all():
        await asyncio.gather(*(client(handler) for client in clients))

    asyncio.run(run_all())


def test_a_plain_response_is_one_start_and_one_complete_body():
    client = Client("GET", "/plain/")
    serve(client)
    assert client.status == 200
    assert client.headers[b"X-Answer"] == b"42"
    assert b"flavour=jasmine" in dict(client.sent[0]["headers"])[b"Set-Cookie"]
    assert client.bodies == ["你好".encode()]
    assert client.sent[-1].get("more_body", False) is False


def test_the_view_runs_on_a_pool_thread_not_on_the_event_loop():
    client = Client("GET", "/thread/")
    serve(client)
    assert client.bodies[0].startswith(b"atrium-http")


def test_the_request_body_reaches_the_view():
    body = b"name=%E7%8E%8B%E7%BB%8F%E7%90%86"
    client = Client("POST", "/echo/", body, [(b"content-type", b"application/x-www-form-urlencoded")])
    serve(client)
    assert client.bodies == [f"{len(body)} 王经理".encode()]


def test_a_failing_view_answers_500_and_the_handler_keeps_serving():
    failing, after = Client("GET", "/boom/"), Client("GET", "/plain/")
    handler = PooledHTTPHandler(threads=1)

    async def both():
        await failing(handler)
        await after(handler)

    asyncio.run(both())
    assert failing.status == 500
    assert after.status == 200


def test_a_streamed_response_is_sent_in_large_chunks_from_the_thread_that_made_it():
    client = Client("GET", "/stream/?n=50")
    serve(client)
    assert client.status == 200
    assert b"".join(client.bodies) == CHUNK * 50
    assert all(len(body) >= STREAM_CHUNK_BYTES for body in client.bodies[:-2])
    assert client.sent[-1].get("more_body", False) is False
    assert str(stream_log["thread"]).startswith("atrium-http") and stream_log["closed"] is True


def test_a_client_that_hangs_up_stops_the_stream():
    client = Client("GET", "/stream/?n=100000")
    client.hang_up_after = 2
    serve(client)
    assert stream_log["closed"] is True
    assert int(str(stream_log["produced"])) < 1000  # of 100,000 chunks (1 GB): stopped soon after the hang-up


def test_no_more_than_threads_requests_are_worked_on_at_once():
    active.update(now=0, most=0)
    gate.clear()
    clients = [Client("GET", "/held/") for _ in range(5)]
    opener = threading.Timer(0.3, gate.set)
    opener.start()
    try:
        serve(*clients, threads=2)
    finally:
        opener.cancel()
        gate.set()
    assert [c.bodies for c in clients] == [[b"done"]] * 5
    assert active["most"] == 2


def test_a_slow_download_does_not_hold_up_other_requests():
    """One slot only; the download's client takes nothing until the page next to it has been served."""
    released = asyncio.Event()
    download, page = Client("GET", "/stream/?n=20"), Client("GET", "/plain/")
    download.slow = released
    handler = PooledHTTPHandler(threads=1)

    async def run():
        streaming = asyncio.create_task(download(handler))
        await asyncio.sleep(0)  # the download takes the only slot first
        await asyncio.wait_for(page(handler), timeout=10)
        assert download.sent == []  # still waiting for its slow client
        released.set()
        await streaming

    asyncio.run(run())
    assert page.status == 200
    assert b"".join(download.bodies) == CHUNK * 20


@override_settings(ALLOWED_HOSTS=["example.com"])
def test_a_bad_host_is_refused_with_400_not_an_error():
    client = Client("GET", "/plain/")
    serve(client)
    assert client.status == 400


def _small_limits(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    settings.ATRIUM_IMPORT_MAX_BYTES = 2048


def test_a_body_declared_too_large_is_refused_before_it_is_read(settings):
    _small_limits(settings)
    handler = PooledHTTPHandler(threads=1)
    too_much = str(handler.max_body_bytes + 1).encode()
    client = Client("POST", "/echo/", b"", [(b"content-length", too_much)])
    serve_with(handler, client)
    assert client.status == 413
    assert "请求内容过大" in b"".join(client.bodies).decode() and client.headers[b"content-type"].startswith(
        b"text/html"
    )


def test_a_body_without_a_declared_length_is_cut_off_at_the_limit_and_an_api_call_gets_json(settings):
    import json

    _small_limits(settings)
    handler = PooledHTTPHandler(threads=1)
    client = Client("POST", "/api/v1/me", b"x" * (handler.max_body_bytes + 10))
    serve_with(handler, client)
    assert client.status == 413
    assert json.loads(b"".join(client.bodies))["code"] == "too_large"
    within = Client("POST", "/echo/", b"y" * 100, [(b"content-type", b"application/octet-stream")])
    serve_with(handler, within)
    assert within.bodies == [b"100 "]
