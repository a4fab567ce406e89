"""SQLite's planner statistics: migrate gives the tables that hold rows but no statistics theirs (a rebuilt table
loses them), the nightly job analyses everything; on PostgreSQL nothing is done (autovacuum keeps its own)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from atrium.core.db_statistics import analyse, tables_with_statistics
from atrium.customers.models import Customer
from atrium.maintenance.services import database_statistics_refresh

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _no_statistics_left_behind():
    """Statistics outlive a test's rows: the customers these tests analyse would make the next test's planner
    believe the table holds a hundred rows (and scan it rather than use an index another test checks for)."""
    yield
    if connection.vendor == "sqlite" and tables_with_statistics(connection):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM sqlite_stat1")
            cursor.execute("ANALYZE sqlite_master")  # the planner reads the (now empty) statistics again


def _analysed() -> set[str]:
    return tables_with_statistics(connection)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL keeps its own statistics (below)")
def test_migrate_analyses_the_tables_that_hold_rows_without_statistics_and_the_night_job_all():
    Customer.objects.bulk_create([Customer(name=f"第{n}号客户") for n in range(30)])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'customers_customer'")  # as a table rebuild does
    assert "customers_customer" not in _analysed()
    call_command("migrate", verbosity=0)  # nothing to migrate: post_migrate still runs
    assert "customers_customer" in _analysed()
    assert analyse(only_missing=True) == []  # nothing missing now: no work on the next start

    with connection.cursor() as cursor:
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'customers_customer' AND idx IS NOT NULL")
        before = {row[0].split()[0] for row in cursor.fetchall()}
    Customer.objects.bulk_create([Customer(name=f"新{n}号客户") for n in range(70)])
    assert "customers_customer" in database_statistics_refresh()
    with connection.cursor() as cursor:
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'customers_customer' AND idx IS NOT NULL")
        after = {row[0].split()[0] for row in cursor.fetchall()}
    assert before == {"30"} and after == {"100"}  # the row count the planner reads follows the data


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's statistics are tested above")
def test_postgresql_is_left_to_autovacuum():
    assert analyse() == [] and analyse(only_missing=True) == [] and database_statistics_refresh() == []
