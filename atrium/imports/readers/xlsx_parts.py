"""The parts of an XLSX archive a reader needs before the sheet: which member is the first sheet, its shared
strings and which cell styles are dates. Each part is parsed by expat as a stream (no tree is built, no
document type or entity is accepted)."""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from django.utils.translation import gettext_lazy as _

from atrium.imports.readers.files import ImportFileError

CHUNK_BYTES = 64 * 1024
SMALL_PART_BYTES = 16 * 1024 * 1024  # workbook, relationships, styles
# Built-in number formats that show dates or times (including those of Chinese and Japanese Excel).
DATE_FORMAT_IDS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])

StartHandler = Callable[[str, dict[str, str]], None]


def invalid_file() -> ImportFileError:
    return ImportFileError(_("This file is not a valid Excel (.xlsx) file."))


def local(name: str) -> str:
    """An element or attribute name without its namespace prefix."""
    return name.rpartition(":")[2]


def _refuse_doctype(*_args: Any) -> None:
    raise invalid_file()


def make_parser() -> Any:
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    parser.buffer_text = True
    return parser


def feed(archive: zipfile.ZipFile, name: str, parser: Any) -> None:
    """Parse the whole member (for the small parts and the shared strings, whose size the archive check
    bounded)."""
    try:
        with archive.open(name) as stream:
            while chunk := stream.read(CHUNK_BYTES):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except ImportFileError:
        raise
    except (expat.ExpatError, zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as exc:
        raise invalid_file() from exc


def _parse_small(archive: zipfile.ZipFile, name: str, start: StartHandler) -> None:
    try:
        if archive.getinfo(name).file_size > SMALL_PART_BYTES:
            raise invalid_file()
    except KeyError as exc:
        raise invalid_file() from exc
    parser = make_parser()
    parser.StartElementHandler = lambda tag, attrs: start(local(tag), attrs)
    feed(archive, name, parser)


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """id → (type, member name) of a part's relationships."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", f"{base}.rels")
    found: dict[str, tuple[str, str]] = {}
    if rels_name not in archive.NameToInfo:
        return found

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == "Relationship" and attrs.get("Id") and attrs.get("Target"):
            target = attrs["Target"]
            member = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            found[attrs["Id"]] = (attrs.get("Type", ""), posixpath.normpath(member))

    _parse_small(archive, rels_name, start)
    return found


@dataclass
class Workbook:
    sheet: str  # member name of the first sheet
    shared_strings: str = ""
    styles: str = ""
    date1904: bool = False
    date_styles: frozenset[int] = frozenset()
    strings: list[str] = field(default_factory=list)


def _workbook_part(archive: zipfile.ZipFile) -> str:
    for kind, member in _relationships(archive, "").values():
        if kind.endswith("/officeDocument"):
            return member
    return "xl/workbook.xml"


def read_workbook(archive: zipfile.ZipFile) -> Workbook:
    """The first sheet and what is needed to read its cells; ImportFileError when something is missing."""
    part = _workbook_part(archive)
    sheet_ids: list[str] = []
    flags: dict[str, bool] = {}

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == "sheet":
            sheet_ids.extend(value for key, value in attrs.items() if ":" in key and local(key) == "id")
        elif tag == "workbookPr":
            flags["date1904"] = attrs.get("date1904", "").lower() in ("1", "true")

    _parse_small(archive, part, start)
    relationships = _relationships(archive, part)
    sheets = [relationships[i][1] for i in sheet_ids if i in relationships]
    sheets = [s for s in sheets if s in archive.NameToInfo]
    if not sheets:
        raise ImportFileError(_("The workbook has no sheet."))
    workbook = Workbook(sheet=sheets[0], date1904=flags.get("date1904", False))
    for kind, member in relationships.values():
        if member in archive.NameToInfo and kind.endswith("/sharedStrings"):
            workbook.shared_strings = member
        elif member in archive.NameToInfo and kind.endswith("/styles"):
            workbook.styles = member
    if workbook.styles:
        workbook.date_styles = _date_styles(archive, workbook.styles)
    if workbook.shared_strings:
        workbook.strings = _shared_strings(archive, workbook.shared_strings)
    return workbook


def _date_styles(archive: zipfile.ZipFile, name: str) -> frozenset[int]:
    from openpyxl.styles.numbers import is_date_format

    custom: dict[int, str] = {}
    formats: list[int] = []
    inside: list[str] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag in ("cellXfs", "cellStyleXfs", "numFmts"):
            inside.append(tag)
        elif tag == "numFmt" and "numFmtId" in attrs:
            custom[_int(attrs["numFmtId"])] = attrs.get("formatCode", "")
        elif tag == "xf" and inside and inside[-1] == "cellXfs":
            formats.append(_int(attrs.get("numFmtId", "0")))

    def end(tag: str) -> None:
        if inside and local(tag) == inside[-1]:
            inside.pop()

    parser = make_parser()
    parser.StartElementHandler = lambda tag, attrs: start(local(tag), attrs)
    parser.EndElementHandler = end
    if archive.getinfo(name).file_size > SMALL_PART_BYTES:
        raise invalid_file()
    feed(archive, name, parser)
    return frozenset(
        index
        for index, format_id in enumerate(formats)
        if format_id in DATE_FORMAT_IDS or (format_id in custom and is_date_format(custom[format_id]))
    )


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise invalid_file() from None


def _shared_strings(archive: zipfile.ZipFile, name: str) -> list[str]:
    strings: list[str] = []
    parts: list[str] = []
    state = {"text": False, "phonetic": 0}

    def start(tag: str, attrs: dict[str, str]) -> None:
        tag = local(tag)
        if tag == "si":
            parts.clear()
        elif tag == "rPh":
            state["phonetic"] += 1
        elif tag == "t" and not state["phonetic"]:
            state["text"] = True

    def end(tag: str) -> None:
        tag = local(tag)
        if tag == "t":
            state["text"] = False
        elif tag == "rPh":
            state["phonetic"] -= 1
        elif tag == "si":
            strings.append("".join(parts))

    def text(data: str) -> None:
        if state["text"]:
            parts.append(data)

    parser = make_parser()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    feed(archive, name, parser)
    return strings
