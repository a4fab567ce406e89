"""Every list export says who made it and when: a first line in a CSV file, the first row and the document
properties in a workbook; and the file still imports as it is (the reader skips the stamp line)."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from atrium.core.exports import export_stamp, is_export_stamp
from atrium.customers.models import Customer
from atrium.imports.engine import ImportOptions, run_import
from atrium.imports.mapping import suggest_mapping
from atrium.imports.readers import open_table
from atrium.imports.registry import get_import_spec

pytestmark = pytest.mark.django_db

STAMP = re.compile(r"^导出人：李明（sales1） 导出时间：(\d{4}-\d\d-\d\d \d\d:\d\d)（北京时间）$")


def _export(client, fmt: str, **params) -> bytes:
    url = reverse("customers:list_export", kwargs={"list_key": "customers", "format": fmt})
    return b"".join(client.get(url, params).streaming_content)


def _near_now(text: str) -> bool:
    stamped = timezone.make_aware(datetime.datetime.strptime(text, "%Y-%m-%d %H:%M"))
    return abs(timezone.now() - stamped) < datetime.timedelta(minutes=2)


@pytest.fixture
def customers(personas):
    return [
        Customer.objects.create(name="城南张先生家", phone="13800138001", owner=personas.sales1),
        Customer.objects.create(name="城北李女士家", phone="13800138002", owner=personas.sales1),
    ]


def test_a_csv_export_starts_with_who_exported_it_and_when(client_as, customers):
    text = _export(client_as("sales1"), "csv").decode("utf-8-sig")
    first, header = text.splitlines()[:2]
    match = STAMP.match(first)
    assert match and _near_now(match.group(1)), first
    assert header.startswith("名称")


def test_a_workbook_carries_the_stamp_in_its_properties_and_first_row(client_as, customers):
    workbook = load_workbook(io.BytesIO(_export(client_as("sales1"), "xlsx")))
    assert workbook.properties.creator == "李明（sales1）"
    created = workbook.properties.created.replace(tzinfo=datetime.UTC)
    assert abs(timezone.now() - created) < datetime.timedelta(minutes=2)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert STAMP.match(rows[0][0]) and rows[1][0] == "名称"


def test_the_stamp_is_in_the_readers_language():
    class Person:
        name = "Li Ming"

        def get_username(self):
            return "sales1"

    at = datetime.datetime(2026, 12, 2, 13, 5, tzinfo=datetime.UTC)
    with translation.override("en"):
        assert (
            export_stamp(Person(), at).text
            == "Exported by: Li Ming (sales1) Exported at: 2026-12-02 21:05 (Beijing time)"
        )
    with translation.override("zh-hans"):
        assert (
            export_stamp(Person(), at).text
            == "导出人：Li Ming（sales1） 导出时间：2026-12-02 21:05（北京时间）"
        )


def test_only_a_stamp_line_is_recognised_as_one():
    assert is_export_stamp(["导出人：李明（sales1） 导出时间：2026-12-02 21:05（北京时间）"])
    assert is_export_stamp(["Exported by: Li Ming (sales1) Exported at: 2026-12-02 21:05 (Beijing time)", ""])
    assert not is_export_stamp(["名称", "电话"])
    assert not is_export_stamp(["导出人：李明", "电话"])  # a header that happens to start so has other cells


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_exported_file_imports_again(client_as, personas, customers, tmp_path, fmt):
    content = _export(client_as("sales1"), fmt, columns="name,phone")
    path = tmp_path / f"customers.{fmt}"
    path.write_bytes(content)
    table = open_table(path, path.name)
    assert table.header == ["名称", "电话"] and table.header_line == 2
    assert sorted(cells for _line, cells in table.rows()) == sorted([c.name, c.phone] for c in customers)
    spec = get_import_spec("customers")
    for customer in customers:
        Customer.objects.filter(pk=customer.pk).update(name=customer.name + "（旧）")
    outcome = run_import(
        actor=personas.sales1,
        spec=spec,
        table=table,
        mapping=suggest_mapping(spec, table.header),
        options=ImportOptions(update_by="phone"),
    )
    assert (outcome.imported, outcome.updated, outcome.invalid) == (0, 2, 0)
    assert set(Customer.objects.values_list("name", flat=True)) == {"城南张先生家", "城北李女士家"}


def test_a_stamped_csv_with_semicolons_keeps_its_delimiter(tmp_path):
    path = tmp_path / "c.csv"
    rows = [["导出人：李明（sales1） 导出时间：2026-12-02 21:05（北京时间）"], ["名称", "电话"], ["甲", "1"]]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    path.write_bytes(("\ufeff" + buffer.getvalue()).encode())
    table = open_table(path, "c.csv")
    assert (table.delimiter, table.header) == (";", ["名称", "电话"])
