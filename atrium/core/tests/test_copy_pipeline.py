"""copy_pipeline: COPYs sent from a second thread inside the caller's transaction; every query waits for what
was handed over before it; an error of the thread reaches the caller and nothing is kept."""

from __future__ import annotations

import sys

import pytest
from django.db import IntegrityError, connection, transaction

from atrium.core.bulk_insert import append_rows, insert_rows
from atrium.core.copy_pipeline import SWITCH_INTERVAL, active_pipeline, copy_pipeline
from atrium.testing.models import Memo

pytestmark = pytest.mark.django_db


def test_queries_see_every_row_handed_over_before_them(personas):
    with transaction.atomic(), copy_pipeline():
        for batch in range(5):
            ids = insert_rows(
                Memo, ["title", "owner"], [(f"第{batch}批{i}", personas.sales1.pk) for i in range(700)]
            )
            append_rows(Memo, ["title", "owner"], ((f"追加{batch}", personas.sales2.pk) for _ in range(3)))
            assert Memo.objects.filter(pk__in=ids).count() == 700  # the ORM's query waited
        assert Memo.objects.filter(title__startswith="追加").count() == 15
    assert Memo.objects.count() == 5 * 703


def test_on_postgresql_the_rows_go_through_the_thread(personas):
    """… with a shorter GIL switch interval meanwhile (the thread gets the GIL back soon), put back after."""
    default = sys.getswitchinterval()
    with transaction.atomic(), copy_pipeline():
        pipelined = active_pipeline(connection) is not None
        interval = sys.getswitchinterval()
        insert_rows(Memo, ["title", "owner"], [("甲", personas.sales1.pk)])
    assert pipelined is (connection.vendor == "postgresql")
    assert interval == (SWITCH_INTERVAL if pipelined else default)
    assert active_pipeline(connection) is None and sys.getswitchinterval() == default
    assert Memo.objects.get().title == "甲"


def test_an_error_of_the_thread_reaches_the_caller_and_nothing_is_kept(personas):
    """The database refuses a row (no title) in the middle of many good ones."""
    import psycopg

    rows: list[tuple] = [(f"备忘{i}", personas.sales1.pk) for i in range(3000)]
    rows[2500] = (None, personas.sales1.pk)
    refusals = (IntegrityError, psycopg.IntegrityError)
    with pytest.raises(refusals) as refused, transaction.atomic(), copy_pipeline():
        insert_rows(Memo, ["title", "owner"], rows[:1000])
        append_rows(Memo, ["title", "owner"], iter(rows[1000:]))
        Memo.objects.count()  # the caller's next query meets the error
    assert "null" in str(refused.value).lower()
    assert not Memo.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_postgresql_it_must_run_inside_a_transaction():
    if connection.vendor != "postgresql":
        with copy_pipeline():  # elsewhere there is no thread: nothing to refuse, nothing changes
            assert active_pipeline(connection) is None
        return
    with pytest.raises(transaction.TransactionManagementError), copy_pipeline():
        pass
