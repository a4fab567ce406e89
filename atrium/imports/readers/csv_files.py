"""CSV: the encoding (strict UTF-8 first, else strict GB18030, which covers GBK), the delimiter (comma, tab
or semicolon, from the header line) and the rows, streamed."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from atrium.core.exports import is_export_stamp
from atrium.imports.readers.files import SNIFF_BYTES, ImportFileError

CHUNK_BYTES = 1024 * 1024
FIELD_LIMIT = 1024 * 1024  # one cell of at most 1 MB of text
DELIMITERS = (",", "\t", ";")
_CJK = re.compile(r"[\u3400-\u9fff]")
# A GBK line can happen to be valid UTF-8 too (",,鎬丗" in GBK is ",,态F" in UTF-8); it is taken for UTF-8
# only with two Chinese characters or more and nothing but ASCII and Chinese (an accidental decoding mostly
# yields Latin, Greek or Cyrillic letters besides).
_UTF8_EVIDENCE = re.compile(r"[\x00-\x7f\u3000-\u303f\u3400-\u9fff\uff00-\uffef]*")


SAMPLE_BYTES = 1024 * 1024  # what a page reads to judge the encoding (the worker reads the whole file)
LINE_LIMIT = 4 * 1024 * 1024  # characters of one physical line


def _decodes_whole(path: Path, encoding: str, sample: bool = False) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    with path.open("rb") as handle:
        try:
            while chunk := handle.read(CHUNK_BYTES):
                decoder.decode(chunk)
                if sample:
                    return True  # a character cut at the end of the sample is not an error
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _first_utf8_line(path: Path, sample: bool = False) -> int:
    """The first line that is UTF-8 Chinese text in a file that is otherwise not UTF-8 (0: none)."""
    with path.open("rb") as handle:
        lines = handle if not sample else io.BytesIO(handle.read(SAMPLE_BYTES)).readlines()
        for number, raw in enumerate(lines, start=1):
            if raw.isascii():
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if len(_CJK.findall(text)) >= 2 and _UTF8_EVIDENCE.fullmatch(text):
                return number
    return 0


UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _looks_like_utf16_text(path: Path) -> bool:
    """A byte order mark followed by text (what Excel's "Unicode text" saves), not binary that happens to
    start with the same two bytes."""
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head.startswith(UTF16_BOMS):
        return False
    try:  # incremental: a character cut at the end of the sample is not an error
        text = codecs.getincrementaldecoder("utf-16")(errors="strict").decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return bool(text.strip()) and not any(
        (ord(char) < 32 and char not in "\t\r\n") or char in "\ufffe\uffff" or "\ud800" <= char <= "\udfff"
        for char in text
    )


def detect_encoding(path: Path, sample: bool = False) -> str:
    """ "utf-8-sig" (with or without BOM), "utf-16" (with its BOM, either byte order) or "gb18030";
    ImportFileError for anything else or a mix. ``sample``: judged on the first megabyte only (a page; the
    worker judges the whole file)."""
    if _looks_like_utf16_text(path) and _decodes_whole(path, "utf-16", sample):
        return "utf-16"
    if _decodes_whole(path, "utf-8", sample):
        return "utf-8-sig"
    if _decodes_whole(path, "gb18030", sample):
        mixed_line = _first_utf8_line(path, sample)
        if mixed_line:
            raise ImportFileError(
                _(
                    "The file mixes text encodings (line %(line)d is UTF-8, other lines are GBK). "
                    "Save the whole file again as UTF-8 or GBK."
                )
                % {"line": mixed_line}
            )
        return "gb18030"
    raise ImportFileError(
        _(
            "The file is neither UTF-8 nor GBK text (or it mixes encodings). "
            "Save it again as CSV UTF-8 or as an Excel (.xlsx) file."
        )
    )


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def sniff_delimiter(path: Path, encoding: str) -> str:
    """The delimiter used most in the header line (comma when none is used)."""
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    text = head.decode(encoding, errors="ignore")
    lines = text.splitlines() if text.strip() else []
    if len(lines) > 1 and is_export_stamp([lines[0].strip('"')]):
        lines = lines[1:]  # an export's stamp line says nothing of the delimiter
    first_line = lines[0] if lines else ""
    counts = {d: _count_outside_quotes(first_line, d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _bounded_lines(text: io.TextIOWrapper) -> Iterator[str]:
    """The physical lines, refusing one longer than LINE_LIMIT (a file without line breaks would else be
    read into memory whole)."""
    number = 0
    while line := text.readline(LINE_LIMIT):
        number += 1
        if len(line) >= LINE_LIMIT and not line.endswith(("\n", "\r")):
            raise ImportFileError(
                _("Line %(line)d is longer than %(limit)s characters.")
                % {"line": number, "limit": f"{LINE_LIMIT:,}"}
            )
        yield line


def csv_rows(path: Path, encoding: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(record number, cells) of every record that has a non-blank cell; the first record is 1."""
    csv.field_size_limit(FIELD_LIMIT)
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="")
        reader = csv.reader(_bounded_lines(text), delimiter=delimiter)
        number = 0
        while True:
            number += 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise ImportFileError(
                    _("Line %(line)d cannot be read as CSV: %(reason)s") % {"line": number, "reason": exc}
                ) from None
            except UnicodeDecodeError:
                raise ImportFileError(
                    _("Line %(line)d is not in the file's text encoding.") % {"line": number}
                ) from None
            cleaned = [cell.strip() for cell in cells]
            while cleaned and not cleaned[-1]:
                cleaned.pop()
            if cleaned:
                yield number, cleaned
