"""`atrium import`: output and exit codes."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from atrium.customers.models import Customer
from atrium.imports.tests.conftest import csv_bytes


def _run(*args):
    from io import StringIO

    out = StringIO()
    call_command("import", *args, stdout=out)
    return out.getvalue()


def test_imports_and_prints_the_summary(personas, write_file):
    path = write_file("a.csv", csv_bytes([["客户名称", "电话"], ["甲", "13800138010"]], "gbk"))
    assert "imported 1, updated 0, invalid 0" in _run("customers", str(path), "--as", "sales1")
    assert Customer.objects.get().owner == personas.sales1


def test_invalid_rows_exit_non_zero_and_list_the_rows(personas, write_file):
    path = write_file("a.csv", csv_bytes([["客户名称", "电话"], ["甲", "bad"], ["乙", ""]]))
    with pytest.raises(CommandError) as caught:
        _run("customers", str(path), "--as", "sales1")
    assert caught.value.returncode == 1
    assert Customer.objects.count() == 0


def test_skip_invalid_exits_zero(personas, write_file, capsys):
    path = write_file("a.csv", csv_bytes([["客户名称", "电话"], ["甲", "bad"], ["乙", ""]]))
    output = _run("customers", str(path), "--as", "sales1", "--skip-invalid")
    assert "imported 1, updated 0, invalid 1" in output
    assert "line 2 [电话]" in output


def test_update_by(personas, write_file):
    Customer.objects.create(name="甲", phone="13800138011", owner=personas.sales1)
    path = write_file("a.csv", csv_bytes([["客户名称", "电话", "备注"], ["甲", "13800138011", "更新"]]))
    assert "updated 1" in _run("customers", str(path), "--as", "sales1", "--update-by", "phone")
    assert Customer.objects.get().notes == "更新"


@pytest.mark.parametrize("content", [b"", b"\x00\x01binary"])
def test_bad_file_exits_2(personas, write_file, content):
    path = write_file("a.csv", content)
    with pytest.raises(CommandError) as caught:
        _run("customers", str(path), "--as", "sales1")
    assert caught.value.returncode == 2


def test_oversize_exits_2(personas, write_file, settings):
    settings.ATRIUM_IMPORT_MAX_BYTES = 1024
    path = write_file("a.csv", b"name\n" + b"x\n" * 1000)
    with pytest.raises(CommandError) as caught:
        _run("customers", str(path), "--as", "sales1")
    assert caught.value.returncode == 2


def test_no_right_exits_2(personas, write_file):
    path = write_file("a.csv", csv_bytes([["客户名称"], ["甲"]]))
    with pytest.raises(CommandError) as caught:
        _run("customers", str(path), "--as", "outsider")
    assert caught.value.returncode == 2
