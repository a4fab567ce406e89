"""The import as production runs it: its own top-level transaction (on PostgreSQL the rows travel by COPY
from a second thread while the next batch is checked), several batches, then commit or roll back."""

from __future__ import annotations

import pytest
from django.db import connection

from atrium.core.models import OperationLog
from atrium.core.search import search_filter
from atrium.core.search.registry import index_table
from atrium.customers.models import Customer, CustomerTag
from atrium.imports.engine import run_import
from atrium.imports.mapping import suggest_mapping
from atrium.imports.readers import open_table
from atrium.imports.registry import get_import_spec
from atrium.imports.tests.conftest import csv_bytes

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
HEADER = ["客户名称", "联系电话", "标签", "负责人"]


def _import(personas, write_file, rows, report_path=None):
    path = write_file("f.csv", csv_bytes([HEADER, *rows], "gbk"))
    table = open_table(path, "f.csv")
    spec = get_import_spec("customers")
    return run_import(
        actor=personas.admin,
        spec=spec,
        table=table,
        mapping=suggest_mapping(spec, table.header),
        report_path=report_path,
        batch_size=500,
    )


def _index_entries() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {index_table('customer')}")
        return cursor.fetchone()[0]


def test_every_record_comes_with_its_tags_log_row_and_search_entry(personas, write_file):
    existing = Customer.objects.create(name="老客户", phone="13900000000", owner=personas.sales2)
    entries = _index_entries()  # (the index tables are not emptied between these tests)
    rows = [[f"新客户{i}", f"1380013{i:04d}", "别墅、加急" if i % 2 else "", "sales1"] for i in range(1800)]
    rows[1700][0] = "老客户"  # a name alone: a hint, the row is imported
    outcome = _import(personas, write_file, rows)
    assert (outcome.imported, outcome.invalid, outcome.total) == (1800, 0, 1800)
    assert [(hint.line, hint.column) for hint in outcome.hints] == [(1702, "客户名称")]
    created = Customer.objects.exclude(pk=existing.pk)
    assert created.count() == 1800 and set(created.values_list("owner", flat=True)) == {personas.sales1.pk}
    assert CustomerTag.objects.count() == 1800  # 900 customers with two tags
    assert OperationLog.objects.filter(kind="customer", action="create").count() == 1800
    assert OperationLog.objects.filter(kind="customer", action="import").count() == 1
    assert _index_entries() == entries + 1800
    found = Customer.objects.filter(search_filter("customer", "新客户1799"))
    assert list(found.values_list("phone", flat=True)) == ["13800131799"]


def test_a_bad_row_in_a_late_batch_leaves_nothing_and_every_bad_row_is_reported(
    personas, write_file, tmp_path
):
    Customer.objects.create(name="老客户", phone="13900000000", owner=personas.sales2)
    entries = _index_entries()  # (the index tables are not emptied between these tests)
    rows = [[f"新客户{i}", f"1380013{i:04d}", "", "sales1"] for i in range(1800)]
    rows[1300][1] = "13900000000"  # the phone of an existing customer
    rows[1600][3] = "nobody"  # no such owner
    report = tmp_path / "report.csv"
    outcome = _import(personas, write_file, rows, report_path=report)
    assert (outcome.imported, outcome.invalid, outcome.total) == (0, 2, 1800)
    assert [(p.line, p.column) for p in outcome.problems] == [(1302, "联系电话"), (1602, "负责人")]
    assert "13900000000" not in report.read_text(encoding="utf-8-sig")  # reasons, not the values
    assert "1302" in report.read_text(encoding="utf-8-sig")
    assert Customer.objects.count() == 1 and not CustomerTag.objects.exists()
    assert not OperationLog.objects.filter(kind="customer").exists()
    assert _index_entries() == entries


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN pending lists exist on PostgreSQL only")
def test_an_import_leaves_no_pending_gin_entries_and_puts_the_setting_back(personas, write_file):
    """The import lets GIN indexes collect entries in a long pending list and merges them once before it
    commits (core.gin_writes): searches after it never scan a pending list the import left."""

    def pending_pages() -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT gin_clean_pending_list('{index_table('customer')}_tokens'::regclass)")
            return int(cursor.fetchone()[0])

    pending_pages()  # start clean
    Customer.objects.create(name="逐条新建的客户", phone="13900000001")  # one entry the usual way …
    from atrium.core.search import reindex

    reindex("customer", list(Customer.objects.values_list("pk", flat=True)))
    assert pending_pages() > 0  # … waits in the pending list (this check merges it)
    rows = [[f"导入客户{i}", f"1380014{i:04d}", "别墅", "sales1"] for i in range(600)]
    outcome = _import(personas, write_file, rows)
    assert outcome.imported == 600
    assert pending_pages() == 0
    with connection.cursor() as cursor:
        cursor.execute("SHOW gin_pending_list_limit")
        assert cursor.fetchone()[0] == "4MB"  # the import's own setting ended with its transaction
