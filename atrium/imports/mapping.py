"""Header mapping: which column of the file goes to which field. Suggested from the header texts (Chinese or
English synonyms of each field), shown on the page and changeable by the person importing."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from django.utils.translation import gettext as _

from atrium.imports.readers import ImportFileError
from atrium.imports.registry import ImportSpec

# "客户名称*", "电话（必填）", " E-mail " → "客户名称", "电话", "email"
_DECORATION = re.compile(r"[\s*＊:：_\-]|[（(].*?[)）]")

ColumnMapping = dict[int, str]  # column index → field key


def header_key(text: str) -> str:
    return _DECORATION.sub("", (text or "").strip()).casefold()


def _synonym_index(spec: ImportSpec) -> dict[str, str]:
    index: dict[str, str] = {}
    for field in spec.all_fields():
        for name in (field.key, str(field.label), *field.synonyms):
            index.setdefault(header_key(name), field.key)
    return index


def suggest_mapping(spec: ImportSpec, header: Sequence[str]) -> ColumnMapping:
    """Map each column whose header names a field; the first column naming a field wins."""
    index = _synonym_index(spec)
    mapping: ColumnMapping = {}
    taken: set[str] = set()
    for position, text in enumerate(header):
        key = index.get(header_key(text))
        if key and key not in taken:
            mapping[position] = key
            taken.add(key)
    return mapping


def mapping_from_form(spec: ImportSpec, header: Sequence[str], data: Mapping[str, str]) -> ColumnMapping:
    """The mapping the person chose: form fields ``col_<index>`` holding a field key or "" (skip)."""
    mapping: ColumnMapping = {}
    for position in range(len(header)):
        key = (data.get(f"col_{position}") or "").strip()
        if key:
            mapping[position] = key
    return mapping


def check_mapping(spec: ImportSpec, header: Sequence[str], mapping: Mapping[int, str]) -> list[str]:
    """The problems of a mapping (empty when it can be used)."""
    problems: list[str] = []
    seen: dict[str, int] = {}
    for position, key in sorted(mapping.items()):
        field = spec.field(key)
        if field is None or not 0 <= position < len(header):
            problems.append(
                _("Column %(column)s cannot be mapped to “%(field)s”.")
                % {"column": position + 1, "field": key}
            )
            continue
        if key in seen:
            problems.append(
                _("“%(field)s” is chosen for two columns (%(first)s and %(second)s).")
                % {"field": field.label, "first": header[seen[key]], "second": header[position]}
            )
        seen[key] = position
    for key in spec.required_keys:
        if key not in seen:
            field = spec.field(key)
            problems.append(
                _("No column is mapped to the required field “%(field)s”.")
                % {"field": field.label if field else key}
            )
    return problems


def require_usable_mapping(spec: ImportSpec, header: Sequence[str], mapping: Mapping[int, str]) -> None:
    problems = check_mapping(spec, header, mapping)
    if problems:
        raise ImportFileError(" ".join(problems))


def mapping_to_json(mapping: Mapping[int, str]) -> dict[str, str]:
    return {str(position): key for position, key in mapping.items()}


def mapping_from_json(data: Mapping[str, str] | None) -> ColumnMapping:
    return {int(position): key for position, key in (data or {}).items()}
