"""Fixtures shared by every test: personas, signed-in clients, API clients with tokens."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.db import connections
from django.test import Client

from atrium.testing.personas import Personas, make_personas


@pytest.fixture(autouse=True)
def _no_cached_company_profile():
    """The company profile is cached across requests (``company_profile()``); each test's database starts
    empty, so neither may its cache hold another test's profile."""
    from atrium.company.selectors import forget_company_profile

    forget_company_profile()
    yield
    forget_company_profile()


@pytest.fixture(autouse=True)
def _fresh_choice_labels():
    """The names of the choice lists' values are kept a few seconds per process: a test starts afresh (the one
    before may have renamed an option and been rolled back)."""
    from atrium.fields.choice_options import forget_labels

    forget_labels()
    yield
    forget_labels()


@pytest.fixture
def media(tmp_path, settings):
    """Uploaded files of the test go to its own folder, through the storage API."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    return tmp_path / "media"


@pytest.fixture
def personas(db) -> Personas:
    return make_personas()


@pytest.fixture
def client_as(personas):
    """client_as("sales1") → a Django test client signed in as that persona (or as a given User)."""

    def make(who) -> Client:
        user = personas[who] if isinstance(who, str) else who
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def api_as(personas):
    """api_as("sales1") → a test client that sends a fresh personal token of that persona on every request."""
    from atrium.accounts.services import token_create

    def make(who) -> Client:
        user = personas[who] if isinstance(who, str) else who
        _token, raw = token_create(actor=user, name="test")
        return Client(headers={"Authorization": f"Bearer {raw}"})

    return make


@pytest.fixture
async def channel_layer():
    """The configured channel layer, flushed before and after the test (the Redis tests override it)."""
    layer = get_channel_layer()
    await layer.flush()
    yield layer
    await layer.flush()


@pytest.fixture
async def close_worker_thread_connections():
    """For websocket tests: sync code (services, the socket's auth, topic checks) runs in asgiref's worker
    thread, whose database connection would outlive the test and keep PostgreSQL from dropping the test
    database."""
    yield
    await sync_to_async(connections.close_all)()
