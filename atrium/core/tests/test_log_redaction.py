"""No secret reaches a log line: requests made through the real ASGI app under uvicorn (atrium.testing.served),
with the logging configured as `atrium serve` configures it, and the real handlers' output captured."""

from __future__ import annotations

import contextlib
import http.client
import io
import logging
from collections.abc import Iterator

import pytest
from websockets.sync.client import connect

from atrium.accounts.services import token_create
from atrium.core.log_redaction import redact
from atrium.testing.served import serving

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@contextlib.contextmanager
def captured_log_output() -> Iterator[io.StringIO]:
    """Point every handler the running server and Django log through (uvicorn's, Django's console) at one
    buffer, keeping their formatters and filters."""
    buffer = io.StringIO()
    handlers = {
        handler
        for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "")
        for handler in logging.getLogger(name).handlers
        if isinstance(handler, logging.StreamHandler)
    }
    assert handlers, "no log handler configured"
    previous = {handler: handler.setStream(buffer) for handler in handlers}
    try:
        yield buffer
    finally:
        for handler, stream in previous.items():
            handler.setStream(stream)


def test_query_string_secrets_and_tokens_never_reach_the_log(personas):
    _token, raw = token_create(actor=personas.pm, name="phone app")
    with serving(access_log=True) as port, captured_log_output() as output:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/healthz?password=hunter2&key=k-secret&view=mine")
        assert connection.getresponse().status == 200
        connection.close()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/no-such-page/?api_key=k-secret")
        assert connection.getresponse().status == 404
        connection.close()
        origin = f"http://127.0.0.1:{port}"
        with connect(f"ws://127.0.0.1:{port}/ws/?token={raw}", origin=origin) as socket:
            assert '"hello"' in socket.recv(timeout=10)
        with connect(
            f"ws://127.0.0.1:{port}/ws/", origin=origin, subprotocols=["atrium", f"atrium.token.{raw}"]
        ) as socket:
            assert socket.subprotocol == "atrium"
            assert '"hello"' in socket.recv(timeout=10)
    log = output.getvalue()
    assert "GET /healthz?password=[redacted]&key=[redacted]&view=mine" in log
    assert "/ws/?token=[redacted]" in log
    assert "/no-such-page/" in log
    for secret in ("hunter2", "k-secret", raw, raw.split("_")[1]):
        assert secret not in log, log


def test_redaction_keeps_what_is_not_secret():
    assert redact("/customers/?q=token&owner=3&sort=name") == "/customers/?q=token&owner=3&sort=name"
    assert redact("/x?monkey=1&token=atr_ab_cd") == "/x?monkey=1&token=[redacted]"
    assert redact("Bearer atr_ab_cd-ef") == "Bearer atr_[redacted]"
    assert redact("/login?next=/a&PASSWORD=x") == "/login?next=/a&PASSWORD=[redacted]"
