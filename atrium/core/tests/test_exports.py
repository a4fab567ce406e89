"""The shared export helpers: formula-safe cells, streamed CSV with BOM, Excel files. (Streaming through the
real server: test_served_over_http.)"""

from __future__ import annotations

import csv
import datetime
import decimal
import io

import openpyxl
import pytest

from atrium.core.exports import csv_chunks, safe_cell, stream_csv, write_xlsx


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+86 138", "'+86 138"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("王经理", "王经理"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (-5, -5),
        (decimal.Decimal("-1.50"), decimal.Decimal("-1.50")),
        (True, "true"),
        (datetime.date(2024, 5, 2), "2024-05-02"),
        (datetime.datetime(2024, 5, 1, 17, 30, tzinfo=datetime.UTC), "2024-05-02 01:30:00"),
    ],
)
def test_safe_cell(value, cell):
    assert safe_cell(value) == cell


def test_csv_starts_with_bom_and_header_and_neutralises_cells():
    raw = b"".join(csv_chunks([["=1+1", 3], ["张三", None]], ["名称", "数量"]))
    assert raw.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(raw.decode("utf-8-sig")))) == [
        ["名称", "数量"],
        ["'=1+1", "3"],
        ["张三", ""],
    ]


def test_csv_is_produced_lazily_in_chunks():
    pulled = []

    def rows():
        for i in range(1200):
            pulled.append(i)
            yield [i]

    chunks = csv_chunks(rows(), ["n"])
    next(chunks)  # BOM + header, before any row is read
    assert pulled == []
    next(chunks)
    assert len(pulled) == 500
    assert len(list(chunks)) == 2  # 500 + 200
    assert len(pulled) == 1200


def test_stream_csv_is_a_streamed_attachment_with_a_chinese_filename():
    response = stream_csv([[1]], ["n"], "操作日志.csv")
    assert response.streaming and not response.is_async
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "filename*=UTF-8''%E6%93%8D%E4%BD%9C%E6%97%A5%E5%BF%97.csv" in response["Content-Disposition"]


def test_write_xlsx_is_a_valid_workbook_with_safe_cells():
    response = write_xlsx(
        [["=HYPERLINK(1)", 2.5], ["王", None]], ["名称", "金额"], "x.xlsx", sheet_title="数据"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))["数据"]
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        ["名称", "金额"],
        ["'=HYPERLINK(1)", 2.5],
        ["王", None],
    ]
    assert sheet["A2"].data_type == "s"
