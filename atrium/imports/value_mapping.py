"""Select values of the file that are not in the list (an industry nobody added yet): the mapping step
shows each one, found in the part of the file the page reads, and the importer maps it to a listed value,
leaves it (those rows are refused), or — with the right to edit the list — adds it to the list."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from atrium.core.errors import ServiceError, ValidationFailed
from atrium.imports.mapping import ColumnMapping
from atrium.imports.registry import ImportField, ImportSpec

ADD_OPTION = "__add__"
MAX_UNKNOWN_PER_FIELD = 30


@dataclass
class UnknownValue:
    field: ImportField
    raw: str
    choices: list[str]
    can_add: bool
    chosen: str = ""


def unknown_values(
    spec: ImportSpec,
    mapping: ColumnMapping,
    rows: Sequence[tuple[int, list[str]]],
    mapped_values: Mapping[str, Mapping[str, str]],
    actor: Any,
) -> list[UnknownValue]:
    found: list[UnknownValue] = []
    for position, key in sorted(mapping.items()):
        field = spec.field(key)
        if field is None or field.options is None:
            continue
        listed = field.options.values()
        known = {value.casefold() for value in listed}
        chosen = {raw.casefold(): value for raw, value in mapped_values.get(key, {}).items()}
        seen: set[str] = set()
        choices, can_add = sorted(listed), field.options.can_add(actor)
        for _line, cells in rows:
            raw = cells[position].strip() if position < len(cells) else ""
            folded = raw.casefold()
            if not raw or folded in known or folded in seen:
                continue
            seen.add(folded)
            found.append(UnknownValue(field, raw, choices, can_add, chosen.get(folded, "")))
            if len(seen) >= MAX_UNKNOWN_PER_FIELD:
                break
    return found


def values_from_form(spec: ImportSpec, actor: Any, data: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """The choices of the form (``unknown_<n>_field``, ``unknown_<n>_raw``, ``unknown_<n>``); values to add
    are added to their list now, through the list's service."""
    chosen: dict[str, dict[str, str]] = {}
    index = 0
    while f"unknown_{index}_field" in data:
        key, raw = data.get(f"unknown_{index}_field", ""), (data.get(f"unknown_{index}_raw") or "").strip()
        choice = (data.get(f"unknown_{index}") or "").strip()
        index += 1
        field = spec.field(key)
        if field is None or field.options is None or not raw or not choice:
            continue
        if choice == ADD_OPTION:
            choice = _add(field, actor, raw)
        elif choice not in field.options.values():
            raise ValidationFailed({"values": [f"{field.label}: {choice}"]})
        chosen.setdefault(key, {})[raw] = choice
    return chosen


def _add(field: ImportField, actor: Any, raw: str) -> str:
    assert field.options is not None
    if not field.options.can_add(actor):
        from atrium.core.errors import Forbidden

        raise Forbidden()
    try:
        return field.options.add(actor, raw)
    except ServiceError as exc:
        messages = [m for msgs in exc.fields.values() for m in msgs] or [exc.message]
        raise ValidationFailed({"values": [f"{field.label} “{raw}”: {m}" for m in messages]}) from None
