"""The file readers: encodings, delimiters, XLSX, and every kind of bad file — plus property tests."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atrium.imports.readers import MAX_COLUMNS, ImportFileError, open_table
from atrium.imports.tests.conftest import csv_bytes, xlsx_bytes

HEADER = ["客户名称", "电话", "备注"]


def _rows(path, name=""):
    table = open_table(path, name)
    return table, list(table.rows())


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_chinese_csv_in_each_encoding(write_file, encoding):
    path = write_file("c.csv", csv_bytes([HEADER, ["筑城装饰", "13800138000", "老客户"]], encoding))
    table, rows = _rows(path)
    assert table.header == HEADER
    assert rows == [(2, ["筑城装饰", "13800138000", "老客户"])]
    assert table.encoding == ("gb18030" if encoding.startswith("gb") else "utf-8-sig")


@pytest.mark.parametrize("delimiter", [",", "\t", ";"])
def test_delimiter_is_sniffed(write_file, delimiter):
    path = write_file("c.csv", csv_bytes([HEADER, ["甲, 乙", "010-1234567", "a;b"]], delimiter=delimiter))
    table, rows = _rows(path)
    assert table.delimiter == delimiter
    assert rows[0][1] == ["甲, 乙", "010-1234567", "a;b"]


def test_blank_rows_are_skipped_but_counted(write_file):
    path = write_file("c.csv", "客户名称,电话\n\n甲,1\n,\n乙,2\n".encode())
    assert [line for line, _cells in _rows(path)[1]] == [3, 5]


def test_xlsx_numbers_and_dates_as_text(write_file):
    import datetime

    path = write_file("c.xlsx", xlsx_bytes([HEADER, ["甲", 13800138000, datetime.date(2024, 5, 1)]]))
    table, rows = _rows(path, "c.xlsx")
    assert table.format == "xlsx"
    assert rows == [(2, ["甲", "13800138000", "2024-05-01"])]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "a.csv", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "a.csv", "image"),
        (b"\x00\x01\x02binary\x00stuff", "a.csv", "binary"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a.xls", ".xls"),
        (b"PK\x03\x04not really a zip", "a.xlsx", "Excel"),
        (b"just text", "a.xlsx", "Excel"),
        (b"\xff\xfe\x80\x81\xfe\xff" * 50, "a.csv", "neither UTF-8 nor GBK"),
        (b"\n\n  \n", "a.csv", "no rows"),
    ],
)
def test_bad_files_are_refused_with_a_message(write_file, content, name, message):
    path = write_file(name, content)
    with pytest.raises(ImportFileError) as caught:
        _rows(path, name)
    assert message in caught.value.message


def test_mixed_encodings_are_refused(write_file):
    content = "客户名称,电话\n".encode() + "甲公司,1\n".encode("gbk") + "乙公司装修,2\n".encode()
    path = write_file("m.csv", content)
    with pytest.raises(ImportFileError) as caught:
        _rows(path)
    assert "encoding" in caught.value.message.lower() or "编码" in caught.value.message


def test_oversize_file_refused_before_reading(write_file, settings):
    settings.ATRIUM_IMPORT_MAX_BYTES = 1024
    path = write_file("big.csv", b"a,b\n" + b"x,y\n" * 400)
    with pytest.raises(ImportFileError) as caught:
        open_table(path)
    assert "1.0" in caught.value.message or "KB" in caught.value.message


def test_hundred_thousand_columns_refused(write_file):
    path = write_file("wide.csv", (",".join(f"c{i}" for i in range(100_000)) + "\n").encode())
    with pytest.raises(ImportFileError) as caught:
        open_table(path)
    assert str(MAX_COLUMNS) in caught.value.message


def test_wide_data_row_refused(write_file):
    path = write_file("wide.csv", b"name\nx" + b",y" * 1000 + b"\n")
    table = open_table(path)
    with pytest.raises(ImportFileError):
        list(table.rows())


# Property tests ---------------------------------------------------------------------------------------------

cells = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(',"\n\r;\t 、，')),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    ),
    max_size=20,
)
rows_strategy = st.lists(st.lists(cells, min_size=3, max_size=3), min_size=1, max_size=20)


def _expected(rows):
    kept = []
    for row in rows:
        stripped = [cell.strip() for cell in row]
        while stripped and not stripped[-1]:
            stripped.pop()
        if stripped:
            kept.append(stripped)
    return kept


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=rows_strategy, encoding=st.sampled_from(["utf-8-sig", "gb18030"]))
def test_csv_round_trip(tmp_path, rows, encoding):
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([HEADER, *rows])
    path = tmp_path / "r.csv"
    path.write_bytes(buffer.getvalue().encode(encoding))
    table = open_table(path)
    assert table.header == HEADER
    assert [cells for _line, cells in table.rows()] == _expected(rows)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(min_size=0, max_size=2000), name=st.sampled_from(["a.csv", "a.xlsx", "a.txt"]))
def test_garbage_raises_only_our_error(tmp_path, content, name):
    path = tmp_path / name
    path.write_bytes(content)
    try:
        table = open_table(path, name)
        list(table.rows())
    except ImportFileError:
        pass


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("delimiter", ["\t", ","])
def test_utf16_text_as_excel_saves_it(write_file, encoding, delimiter):
    """Excel's "Unicode text": UTF-16 with a byte order mark, tab separated (comma works too)."""
    import codecs

    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
    rows = [HEADER, ["筑城装饰", "010-12345678", "老客户, 𠀀"], ["上海上品", "13800138000", ""]]
    path = write_file("u.txt", bom + csv_bytes(rows, encoding, delimiter))
    table, found = _rows(path)
    assert (table.encoding, table.delimiter, table.header) == ("utf-16", delimiter, HEADER)
    assert found == [(2, rows[1]), (3, ["上海上品", "13800138000"])]


def test_utf16_the_worker_imports_and_the_page_previews(write_file):
    from atrium.imports.readers.files import estimate_rows

    rows = [HEADER, *[[f"客户{i}", "1", "上"] for i in range(50)]]
    path = write_file("u.txt", csv_bytes(rows, "utf-16", "\t"))
    quick = open_table(path, quick=True)
    assert [cells[0] for _line, cells in quick.rows(last_line=3)] == ["客户0", "客户1"]
    assert estimate_rows(open_table(path)) in (50, 51)  # a last line without a line break counts too


def test_a_gbk_line_that_happens_to_be_valid_utf8_is_not_taken_for_a_mix(write_file):
    path = write_file("g.csv", "客户名称,电话,备注\r\n,,鎬丗\r\n".encode("gbk"))  # ",,态F" in UTF-8
    assert open_table(path).encoding == "gb18030"
