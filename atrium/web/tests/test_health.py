"""/healthz reports each part Atrium needs, and production settings pass Django's deployment checks."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[3]
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]},
    }
}


@pytest.mark.django_db
def test_healthz_reports_every_part_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    report = response.json()
    assert report["status"] == "ok"
    assert report["database"]["status"] == "ok"
    assert report["database"]["engine"] in ("sqlite", "postgresql")
    assert report["queue"]["status"] == "ok"
    assert isinstance(report["queue"]["pending"], int)
    assert report["channels"]["status"] == "ok"
    assert report["channels"]["backend"] == "InMemoryChannelLayer"


@pytest.mark.django_db
def test_healthz_answers_503_and_names_the_failing_part(client):
    # A real failure: the channel layer points at a port where no Redis listens.
    # (override_settings resets channels' layer cache on entry and exit.)
    with override_settings(CHANNEL_LAYERS=UNREACHABLE_REDIS):
        response = client.get("/healthz")

    assert response.status_code == 503
    report = response.json()
    assert report["status"] == "error"
    assert report["channels"]["status"] == "error"
    assert "127.0.0.1:1" in report["channels"]["error"]
    assert report["database"]["status"] == "ok"
    assert report["queue"]["status"] == "ok"


@pytest.mark.django_db
def test_healthz_is_read_only(client):
    assert client.post("/healthz").status_code == 405


def _production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    # A production process has neither our test settings nor the browser tests' async-unsafe switch.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("ATRIUM_") and k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="atrium.settings",
        ATRIUM_VAR_DIR=str(tmp_path),
        ATRIUM_HTTPS="true",
        ATRIUM_SECRET_KEY=secrets.token_urlsafe(60)[:60],
        ATRIUM_ALLOWED_HOSTS="crm.example.com",
    )
    env.update(overrides)
    return env


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = _manage(_production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_warns_without_https(tmp_path):
    """The check above can fail: the same settings over plain HTTP are reported."""
    result = _manage(
        _production_env(tmp_path, ATRIUM_HTTPS="false"), "check", "--deploy", "--fail-level", "WARNING"
    )

    assert result.returncode != 0
    assert "security.W008" in result.stderr + result.stdout  # SECURE_SSL_REDIRECT


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("ATRIUM_DEBUG", "maybe", "ATRIUM_DEBUG='maybe' is not a boolean"),
        ("ATRIUM_SECRET_KEY", "too-short", "ATRIUM_SECRET_KEY must be at least 50 characters"),
        ("ATRIUM_SESSION_SECONDS", "ten", "ATRIUM_SESSION_SECONDS='ten' is not a whole number"),
        ("ATRIUM_OIDC_SERVER_URL", "https://sso.example.com", "ATRIUM_OIDC_CLIENT_ID is not"),
        (
            "ATRIUM_S3_ADDRESSING_STYLE",
            "sideways",
            "ATRIUM_S3_ADDRESSING_STYLE must be auto, path or virtual",
        ),
    ],
)
def test_bad_setting_stops_start_up_naming_the_variable(tmp_path, variable, value, message):
    result = _manage(_production_env(tmp_path, **{variable: value}), "check")

    assert result.returncode != 0
    assert message in result.stderr
