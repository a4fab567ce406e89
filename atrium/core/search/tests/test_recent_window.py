"""The global search's look at the newest records first gives the same answer as searching them all."""

from __future__ import annotations

import pytest

from atrium.core.search import query, reindex
from atrium.core.search.query import search_everything
from atrium.customers.models import Customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def companies(personas):
    rows = [
        Customer.objects.create(
            name=f"第{n}号科技有限公司", owner=personas.sales1 if n % 3 else personas.sales2
        )
        for n in range(12)
    ]
    reindex("customer", [c.pk for c in rows])
    return rows


@pytest.mark.parametrize("window", [2, 5, 100_000])
@pytest.mark.parametrize("candidates", [3, 200])
def test_same_newest_matches_whatever_the_window(monkeypatch, personas, companies, window, candidates):
    monkeypatch.setattr(query, "CANDIDATES", candidates)
    everything = [hit.id for hit in search_everything(personas.sales1, "科技有限", ["customer"], limit=50)]
    monkeypatch.setattr(query, "RECENT_WINDOW", window)
    windowed = [hit.id for hit in search_everything(personas.sales1, "科技有限", ["customer"], limit=50)]
    assert windowed == everything
    mine = sorted((c.pk for c in companies if c.owner_id == personas.sales1.pk), reverse=True)
    assert everything == mine[:candidates]


def test_the_newest_window_is_read_without_parallel_workers_and_the_setting_is_put_back(
    monkeypatch, personas, companies
):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("parallel plans exist on PostgreSQL only")
    seen = []

    def record(execute, sql, params, many, context):
        if "search_customer" in sql and "tokens" in sql:
            with connection.cursor() as cursor:
                cursor.execute("SHOW max_parallel_workers_per_gather")
                seen.append(cursor.fetchone()[0])
        return execute(sql, params, many, context)

    monkeypatch.setattr(query, "RECENT_WINDOW", 5)
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        before = cursor.fetchone()[0]
    with connection.execute_wrapper(record):
        assert search_everything(personas.sales1, "科技有限", ["customer"], limit=50)
    assert seen[0] == "0" and before != "0"  # the window; the older entries may use workers again
    assert seen[1:] and all(value == before for value in seen[1:])
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == before
