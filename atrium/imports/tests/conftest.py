"""Files for the import tests, written to a temporary folder."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8-sig", delimiter: str = ",") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def write_file(tmp_path):
    """write_file(name, bytes) → the path of a new file with that content."""

    def write(name: str, content: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(content)
        return path

    return write


@pytest.fixture(autouse=True)
def english_messages():
    """Messages are compared in English (the source language) whatever the catalog holds."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run (or keep) what a service hands to the worker after commit: the tests' transaction never commits."""
    return django_capture_on_commit_callbacks
