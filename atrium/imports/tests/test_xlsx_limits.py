"""Excel files built to exhaust the server: archives that unpack to far more than their size ("zip bombs"),
huge shared-string tables, sheets with millions of cells or one endless row. Each is refused (or read) with
bounded memory, before the worker or a page spends minutes on it."""

from __future__ import annotations

import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from atrium.imports.models import ImportJob
from atrium.imports.readers import ImportFileError, open_table
from atrium.imports.tests.conftest import xlsx_bytes

WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
    '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
SHEET_START = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
HEADER_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>客户名称</t></is></c></row>'
SHEET_END = "</sheetData></worksheet>"


def build_xlsx(path: Path, sheet_body, strings=None, compression=zipfile.ZIP_DEFLATED) -> Path:
    """An .xlsx whose sheet is SHEET_START + the chunks of ``sheet_body`` + SHEET_END, written a chunk at a
    time (the file may unpack to far more than the test could hold)."""
    with zipfile.ZipFile(path, "w", compression=compression, compresslevel=9) as archive:
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(SHEET_START.encode())
            for chunk in sheet_body:
                sheet.write(chunk.encode())
            sheet.write(SHEET_END.encode())
        if strings is not None:
            with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as shared:
                shared.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
                for chunk in strings:
                    shared.write(chunk.encode())
                shared.write(b"</sst>")
    return path


def _peak_bytes(action) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _refused(path: Path) -> str:
    with pytest.raises(ImportFileError) as caught:
        table = open_table(path, path.name)
        list(table.rows())
    return caught.value.message


def test_a_sheet_that_unpacks_a_thousand_times_its_size_is_refused_before_reading(tmp_path):
    empty_rows = ('<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 2000 for _ in range(400))  # 40 MB
    path = build_xlsx(tmp_path / "bomb.xlsx", [HEADER_ROW, *empty_rows])
    assert path.stat().st_size < 1024 * 1024
    messages: list[str] = []
    peak = _peak_bytes(lambda: messages.append(_refused(path)))
    assert "unpacks to far more data than its size suggests" in messages[0]
    assert peak < 2 * 1024 * 1024


def test_shared_strings_that_unpack_to_hundreds_of_megabytes_are_refused(tmp_path):
    strings = ("<si><t>" + "房" * 4000 + "</t></si>" for _ in range(2000))  # 24 MB of texts
    path = build_xlsx(tmp_path / "strings.xlsx", [HEADER_ROW], strings=strings)
    assert "unpacks to far more data" in _refused(path)


def test_texts_over_the_memory_limit_are_refused_whatever_the_ratio(tmp_path, settings):
    settings.ATRIUM_IMPORT_MAX_SHARED_STRINGS_BYTES = 10_000
    strings = [f"<si><t>客户{i}</t></si>" for i in range(2000)]
    path = build_xlsx(tmp_path / "strings.xlsx", [HEADER_ROW], strings=strings)
    assert "Save the sheet as CSV" in _refused(path)


def test_a_file_that_unpacks_past_the_total_limit_is_refused(tmp_path, settings):
    settings.ATRIUM_IMPORT_MAX_UNPACKED_BYTES = 5_000
    path = tmp_path / "c.xlsx"
    path.write_bytes(xlsx_bytes([["客户名称"], *[[f"客户{i}"] for i in range(200)]]))
    assert "at most 4.9" in _refused(path)


def test_a_sheet_with_more_cells_than_the_budget_is_refused_but_its_preview_reads(tmp_path, settings):
    settings.ATRIUM_IMPORT_MAX_CELLS = 1_000
    path = tmp_path / "c.xlsx"
    path.write_bytes(xlsx_bytes([["客户名称", "电话"], *[[f"客户{i}", "1"] for i in range(1_000)]]))
    table = open_table(path, "c.xlsx", quick=True)
    assert [cells for _line, cells in table.rows(last_line=3)] == [["客户0", "1"], ["客户1", "1"]]
    with pytest.raises(ImportFileError) as caught:
        list(table.rows())
    assert "more than 1,000 cells" in caught.value.message


def test_one_endless_row_of_empty_cells_is_read_in_flat_memory(tmp_path):
    """300,000 empty cells in one row (stored, not compressed: no ratio to catch): the reader keeps none."""
    endless = [
        '<row r="2"><c r="A2" t="inlineStr"><is><t>甲公司</t></is></c>',
        *(["<c/>" * 10_000] * 30),
        "</row>",
    ]
    path = build_xlsx(tmp_path / "row.xlsx", [HEADER_ROW, *endless], compression=zipfile.ZIP_STORED)
    rows: list = []
    peak = _peak_bytes(lambda: rows.extend(open_table(path, "row.xlsx").rows()))
    assert rows == [(2, ["甲公司"])]
    assert peak < 2 * 1024 * 1024


def test_a_header_far_down_the_sheet_is_not_searched_for(tmp_path):
    path = build_xlsx(
        tmp_path / "far.xlsx", ['<row r="5000"><c t="inlineStr"><is><t>名称</t></is></c></row>']
    )
    assert "first 100 lines" in _refused(path)


def test_a_document_type_is_refused(tmp_path):
    laughs = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' + SHEET_START
    path = build_xlsx(tmp_path / "dtd.xlsx", [HEADER_ROW])
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/worksheets/sheet2.xml", laughs)
    rels = RELS.replace("worksheets/sheet1.xml", "worksheets/sheet2.xml")
    with zipfile.ZipFile(tmp_path / "dtd2.xlsx", "w") as archive:
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
        archive.writestr("xl/worksheets/sheet2.xml", laughs + HEADER_ROW + SHEET_END)
    assert "not a valid Excel" in _refused(tmp_path / "dtd2.xlsx")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_upload_page_refuses_a_bomb_with_a_message_and_keeps_nothing(client_as, media, tmp_path):
    rows = ('<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 2000 for _ in range(200))
    content = build_xlsx(tmp_path / "bomb.xlsx", [HEADER_ROW, *rows]).read_bytes()
    upload = SimpleUploadedFile("客户.xlsx", content)
    response = client_as("sales1").post(
        reverse("imports:new") + "?kind=customers", {"file": upload, "kind": "customers"}
    )
    assert response.status_code == 400 and ImportJob.objects.count() == 0
    assert "解压后的数据量远超" in response.content.decode()
    assert not list((tmp_path / "media").rglob("*.xlsx"))


def test_the_chinese_refusal(tmp_path):
    from django.utils import translation

    path = build_xlsx(tmp_path / "bomb.xlsx", [HEADER_ROW, *(["<row/>" * 50_000] * 20)])
    with translation.override("zh-hans"):
        assert "解压" in _refused(path)
