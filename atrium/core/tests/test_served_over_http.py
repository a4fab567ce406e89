"""The real ASGI application (atrium.asgi) behind a real uvicorn server on a loopback port: the API with a
token, a JSON body and its errors, the session pages and a streamed export, all over the network."""

from __future__ import annotations

import http.client
import json
import time

import pytest
from django.test import Client

from atrium.testing.served import serving

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def server():
    with serving() as port:
        yield port


def fetch(port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@pytest.fixture
def token(personas):
    from atrium.accounts.services import token_create

    return lambda who: token_create(actor=personas[who], name="served")[1]


def test_the_api_answers_a_token_over_http(server, token):
    status, _headers, body = fetch(
        server, "GET", "/api/v1/me", headers={"Authorization": f"Bearer {token('sales1')}"}
    )
    assert status == 200
    assert json.loads(body)["username"] == "sales1"
    assert fetch(server, "GET", "/api/v1/me", headers={"Authorization": "Bearer atr_nope_nope"})[0] == 401


def test_a_json_body_creates_a_record_and_a_bad_one_gets_a_json_error(server, token, personas):
    headers = {"Authorization": f"Bearer {token('sales1')}", "Content-Type": "application/json"}
    payload = json.dumps({"name": "网上来的客户", "force": True}, ensure_ascii=False).encode()
    status, _headers, body = fetch(server, "POST", "/api/v1/customers", payload, headers)
    assert status in (200, 201), body
    assert json.loads(body)["owner"]["name"] == "李明"
    status, _headers, body = fetch(server, "POST", "/api/v1/customers", b"{not json", headers)
    assert 400 <= status < 500
    assert "code" in json.loads(body)


def test_a_signed_in_page_and_a_streamed_export_over_http(server, personas):
    from atrium.core.audit import audit

    for n in range(3000):  # about 300 kB of CSV: several chunks
        audit(actor=personas.sales1, action="other", summary=f"=cmd {n} 操作记录")
    browser = Client()
    browser.force_login(personas.admin)
    cookie = {"Cookie": f"sessionid={browser.cookies['sessionid'].value}"}
    status, _headers, page = fetch(server, "GET", "/settings/operation-log/", headers=cookie)
    assert status == 200 and "操作日志".encode() in page
    status, headers, body = fetch(server, "GET", "/settings/operation-log/export.csv", headers=cookie)
    assert status == 200, (headers, body[:300])
    assert headers["content-type"].startswith("text/csv")
    assert headers["transfer-encoding"] == "chunked"  # streamed, not built whole first
    text = body.decode("utf-8-sig")
    assert "'=cmd 2999 操作记录" in text and "'=cmd 0 操作记录" in text


def _other_sessions_on_this_database() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_stopping_the_server_closes_its_database_connections(token):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL shows other sessions' connections (pg_stat_activity)")
    raw = token("sales1")
    before = _other_sessions_on_this_database()  # other tests' threads on this worker may hold one
    with serving() as port:
        for _ in range(10):
            assert fetch(port, "GET", "/api/v1/me", headers={"Authorization": f"Bearer {raw}"})[0] == 200
        assert _other_sessions_on_this_database() > before  # the web threads keep theirs between requests
    # A backend leaves pg_stat_activity a moment after its client hangs up: wait for it, within a bound. A server
    # that leaked its connections keeps them for good and fails here after the bound.
    deadline = time.monotonic() + 5
    while (left := _other_sessions_on_this_database()) > before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert left == before
