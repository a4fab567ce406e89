"""Security headers: every kind of HTML page carries the strict Content-Security-Policy with a fresh nonce,
Permissions-Policy and Referrer-Policy; templates hold nothing the policy would block (inline script, inline
style, on…= handlers, Alpine expressions that only the eval build understands)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client, override_settings

from atrium.customers.services import customer_create

ROOT = Path(__file__).resolve().parents[2]
NONCE = re.compile(r"script-src 'self' 'nonce-([A-Za-z0-9_-]{20,})'")


def _policy(response) -> str:
    return response.headers.get("Content-Security-Policy", "")


def _assert_strict(response) -> str:
    policy = _policy(response)
    assert response.headers["Content-Type"].startswith("text/html")
    for directive in (
        "default-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self' ws://testserver wss://testserver",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
    ):
        assert directive in policy, (directive, policy)
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "microphone=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    assert response.headers["Referrer-Policy"] == "same-origin"
    found = NONCE.search(policy)
    assert found, policy
    return found.group(1)


@pytest.fixture
def pages(personas):
    customer = customer_create(actor=personas.sales1, data={"name": "头条测试客户"}, force=True)
    return [
        "/",
        "/search/?q=头条",
        "/customers/",
        f"/customers/{customer.pk}/",
        "/settings/users/",
        f"/settings/users/{personas.sales1.pk}/",
        "/settings/roles/",
        "/settings/operation-log/",
        "/me/tokens/",
        "/notifications/",
        "/accounts/2fa/",
        "/imports/",
        "/api/v1/docs",
        "/no-such-page/",
    ]


def test_every_kind_of_page_has_the_headers_and_a_fresh_nonce(client_as, pages):
    admin = client_as("admin")
    nonces = []
    for url in pages:
        response = admin.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        nonces.append(_assert_strict(response))
        again = _assert_strict(admin.get(url))
        assert again != nonces[-1], url
    assert len(set(nonces)) == len(nonces)


def test_the_sign_in_page_and_the_templates_nonce_agree(personas):
    response = Client().get("/accounts/login/")
    nonce = _assert_strict(response)
    assert response.context["csp_nonce"] == nonce


def test_json_answers_carry_permissions_policy_but_no_page_policy(api_as):
    response = api_as("sales1").get("/api/v1/me")
    assert response.status_code == 200
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "Content-Security-Policy" not in response.headers


@override_settings(CSP_REPORT_ONLY=True)
def test_report_only_mode_sends_the_same_policy_under_the_report_only_header(personas):
    response = Client().get("/accounts/login/")
    assert "Content-Security-Policy" not in response.headers
    assert "script-src 'self' 'nonce-" in response.headers["Content-Security-Policy-Report-Only"]


@override_settings(OIDC_SERVER_URL="https://id.example.com/realms/atrium")
def test_single_sign_on_lets_the_sign_in_form_lead_to_the_provider(personas):
    policy = _policy(Client().get("/accounts/login/"))
    assert "form-action 'self' https://id.example.com;" in policy + ";"


def _served_templates() -> list[Path]:
    return [
        path
        for path in ROOT.rglob("templates/**/*.html")
        if "/email/" not in str(path) and ".venv" not in path.parts and "node_modules" not in path.parts
    ]


def test_templates_hold_nothing_the_policy_blocks():
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*nonce=)(?![^>]*application/json)[^>]*>", re.I)
    handler = re.compile(r"\son[a-z]+=", re.I)
    style_attribute = re.compile(r"\sstyle=", re.I)
    # Alpine's CSP build evaluates names and member paths, not JavaScript: no calls, arrows or assignments.
    alpine = re.compile(r'''\s(?:x-[a-z]+|@[a-z.:-]+|:[a-z-]+)="([^"]*)"''')
    offences = []
    templates = _served_templates()
    assert len(templates) > 30
    for path in templates:
        text = path.read_text(encoding="utf-8")
        for pattern in (inline_script, handler, style_attribute):
            offences += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in pattern.finditer(text)]
        for match in alpine.finditer(text):
            if re.search(r"[()=!{;]|=>", match.group(1)):
                offences.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert offences == []
