"""Select values of the file that are not in the list (an industry nobody added yet): the mapping step
shows each one — found in the part of the file the page reads and, by the worker, in the whole file (at most
MAX_OFFERED; a message says how many more there are) — and the importer maps it to a listed value,
leaves it (those rows are refused), or — with the right to edit the list — adds it to the list."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from atrium.core.errors import ServiceError, ValidationFailed
from atrium.imports.mapping import ColumnMapping
from atrium.imports.registry import ImportField, ImportSpec

ADD_OPTION = "__add__"
MAX_OFFERED = 200  # values offered on the page, all fields together (three form fields each)
MAX_COUNTED = 10_000  # distinct values the scan remembers per field: its memory stays bounded


@dataclass
class UnknownValue:
    field: ImportField
    raw: str
    choices: list[str]
    can_add: bool
    chosen: str = ""


@dataclass
class UnknownValues:
    """What the mapping step offers: ``values`` to map, ``unlisted`` a message per field with more values
    than are offered, ``scanning`` while the worker is still reading the whole file for them."""

    values: list[UnknownValue] = field(default_factory=list)
    unlisted: list[str] = field(default_factory=list)
    scanning: bool = False


def choice_columns(spec: ImportSpec, mapping: ColumnMapping) -> dict[str, str]:
    """The mapped columns of select fields: {"column index": field key}."""
    return {
        str(position): key
        for position, key in sorted(mapping.items())
        if (found := spec.field(key)) is not None and found.options is not None
    }


def scan_unknown_values(
    spec: ImportSpec,
    mapping: ColumnMapping,
    rows: Iterable[tuple[int, list[str]]],
    mapped_values: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, Any]:
    """Read every row (the worker does, streaming) for the distinct values of the mapped select columns
    that are not in their list and not mapped yet (``mapped_values``): the first MAX_OFFERED per field
    kept, the others counted (up to MAX_COUNTED, then only "more"). What the job keeps as
    ``choice_values``."""
    columns = choice_columns(spec, mapping)
    known: dict[str, set[str]] = {}
    seen: dict[str, set[str]] = {}
    values: dict[str, list[str]] = {}
    more: dict[str, int] = {}
    beyond: dict[str, bool] = {}
    for key in columns.values():
        item = spec.field(key)
        assert item is not None and item.options is not None
        mapped = (mapped_values or {}).get(key, {})
        known[key] = {value.casefold() for value in [*item.options.values(), *mapped]}
        seen[key], values[key], more[key], beyond[key] = set(), [], 0, False
    for _line, cells in rows:
        for position, key in columns.items():
            index = int(position)
            raw = cells[index].strip() if index < len(cells) else ""
            folded = raw.casefold()
            if not raw or folded in known[key] or folded in seen[key]:
                continue
            if len(seen[key]) >= MAX_COUNTED:
                beyond[key] = True
                continue
            seen[key].add(folded)
            if len(values[key]) < MAX_OFFERED:
                values[key].append(raw)
            else:
                more[key] += 1
        if columns and all(beyond.values()):
            break
    return {"columns": columns, "values": values, "more": more, "beyond": beyond}


def unknown_values(
    spec: ImportSpec,
    mapping: ColumnMapping,
    sample: Sequence[tuple[int, list[str]]],
    mapped_values: Mapping[str, Mapping[str, str]],
    actor: Any,
    scanned: Mapping[str, Any] | None = None,
) -> UnknownValues:
    """The values of ``sample`` (the rows the page read), then those the worker's scan of the whole file
    found (``scanned``, when it was made for the current mapping), at most MAX_OFFERED in all."""
    columns = choice_columns(spec, mapping)
    if not scanned or scanned.get("columns") != columns:
        scanned = None
    from_scan = scan_unknown_values(spec, mapping, sample)
    found = UnknownValues(scanning=bool(columns) and scanned is None)
    offered = 0
    for key in dict.fromkeys(columns.values()):
        item = spec.field(key)
        assert item is not None and item.options is not None
        listed = item.options.values()
        known = {value.casefold() for value in listed}
        raws = {raw.casefold(): raw for raw in from_scan["values"][key]}
        for raw in (scanned or {}).get("values", {}).get(key, []):
            if raw.casefold() not in known:
                raws.setdefault(raw.casefold(), raw)
        chosen = {raw.casefold(): value for raw, value in mapped_values.get(key, {}).items()}
        choices, can_add = sorted(listed), item.options.can_add(actor)
        # the values not mapped yet first: once those shown are mapped and saved, the next ones are shown
        ordered = sorted(raws.items(), key=lambda item: item[0] in chosen)
        shown = ordered[: max(0, MAX_OFFERED - offered)]
        offered += len(shown)
        found.values += [
            UnknownValue(item, raw, choices, can_add, chosen.get(folded, "")) for folded, raw in shown
        ]
        unshown = sum(1 for folded, _raw in ordered[len(shown) :] if folded not in chosen)
        left = unshown + (scanned or {}).get("more", {}).get(key, 0)
        if left or (scanned or {}).get("beyond", {}).get(key):
            found.unlisted.append(_unlisted(item, left, bool((scanned or {}).get("beyond", {}).get(key))))
    return found


def _unlisted(item: ImportField, count: int, beyond: bool) -> str:
    from django.utils.translation import gettext as _

    message = (
        _("%(field)s: there are more than %(count)d further values not listed here.")
        if beyond
        else _("%(field)s: there are %(count)d further values not listed here.")
    )
    return " ".join(
        [
            message % {"field": item.label, "count": count},
            str(
                _(
                    "Map the values listed and update the preview to see the next ones; rows whose value is "
                    "left unmapped are refused."
                )
            ),
        ]
    )


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
