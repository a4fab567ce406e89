"""Property-based requests against our own OpenAPI schema, as an admin and as a sales rep: whatever a client
sends — wrong types, missing fields, odd strings, huge numbers, unknown ids — the API answers with a 4xx error
or a success, never a 500."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """As Django's test client does: the requests must not close the test's database connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(params=["admin", "sales1"])
def bearer(request, personas):
    """As the administrator (every action) and as a sales rep (own records: the scoped and refused paths)."""
    from atrium.accounts.services import token_create

    return {"Authorization": f"Bearer {token_create(actor=personas[request.param], name='fuzzing')[1]}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_never_answers_a_server_error(case, bearer):
    # Each request in a savepoint of its own, rolled back: on PostgreSQL a refused statement would otherwise
    # spoil the test's transaction for the requests after it (in production every request autocommits).
    savepoint = transaction.savepoint()
    try:
        case.call_and_validate(headers=bearer, checks=[not_a_server_error])
    finally:
        transaction.savepoint_rollback(savepoint)
