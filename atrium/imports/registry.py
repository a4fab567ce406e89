"""What can be imported: each kind of record registers an ``ImportSpec`` (in its app's ``importing`` module,
found at start-up), and the engine, the pages and the command work from it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.utils.functional import Promise

from atrium.core.custom_values import PREFIX
from atrium.fields.importing import import_columns, synonyms_of


class OptionSource(Protocol):
    """Where a select field's values come from (an admin-edited list): the mapping step offers to map each
    value of the file that is not in the list to one that is, or — for people who may — to add it."""

    def values(self) -> set[str]: ...

    def can_add(self, actor: Any) -> bool: ...

    def add(self, actor: Any, value: str) -> str:
        """Add the value to the list (through the list's own service); the value as stored."""
        ...


@dataclass(frozen=True)
class ImportField:
    """A field a column can be mapped to; ``synonyms`` are header texts (any language) that mean it;
    ``options`` the list a select field's values must come from."""

    key: str
    label: Promise | str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    options: OptionSource | None = None


@dataclass
class SourceRow:
    """One row of the file as text per field (mapped columns only)."""

    line: int
    values: dict[str, str]


@dataclass
class RowProblem:
    line: int
    column: str  # the header text of the column, or "" for the whole row
    reason: str
    hint: bool = False  # a hint (a possible duplicate by name alone) does not make the row invalid


@dataclass
class CheckedRow:
    """A row after validation: ``data`` ready to write (None when invalid); ``target_id`` the existing record
    it updates (update by key fields), else None."""

    line: int
    data: dict[str, Any] | None = None
    target_id: int | None = None
    problems: list[tuple[str, str]] = field(default_factory=list)  # (field key or "", reason)
    hints: list[tuple[str, str]] = field(default_factory=list)  # (field key, what to look at): still valid

    def fail(self, field_key: str, reason: Any) -> None:
        self.problems.append((field_key, str(reason)))

    def hint(self, field_key: str, reason: Any) -> None:
        self.hints.append((field_key, str(reason)))

    @property
    def ok(self) -> bool:
        return not self.problems


class RowChecker(Protocol):
    """Validates rows batch by batch (so database lookups are one query per batch), remembering what it saw
    to find duplicates inside the file."""

    def check_batch(self, rows: Sequence[SourceRow]) -> list[CheckedRow]: ...


class BatchWriter(Protocol):
    """Writes the checked rows. The engine then brings the search index up to date for the ids it answers —
    but for the created ones when ``indexes_created`` (the writer indexed them itself, from the values it
    wrote: ``core.search.index_created``)."""

    indexes_created: bool

    def write_batch(self, rows: Sequence[CheckedRow]) -> tuple[list[int], list[int]]:
        """Create and update the rows in the current transaction; (created ids, updated ids)."""
        ...


@dataclass(frozen=True)
class ImportSpec:
    """``key`` is the list key used in URLs and the command ("customers"), ``kind`` the access kind
    ("customer") whose ``import`` right is required."""

    key: str
    kind: str
    label: Promise | str
    fields: tuple[ImportField, ...]
    update_keys: tuple[str, ...]
    make_checker: Callable[[Any, ImportOptionsLike], RowChecker]
    make_writer: Callable[[Any, ImportOptionsLike], BatchWriter]

    def all_fields(self) -> tuple[ImportField, ...]:
        """The declared fields and the kind's custom fields (their label, English label and key are header
        synonyms); a field the importing person may not edit is refused per row by the checker."""
        return (*self.fields, *custom_import_fields(self.kind))

    def field(self, key: str) -> ImportField | None:
        return next((f for f in self.all_fields() if f.key == key), None)

    @property
    def required_keys(self) -> list[str]:
        return [f.key for f in self.all_fields() if f.required]


class ImportOptionsLike(Protocol):
    update_by: str
    skip_invalid: bool
    values: dict[str, dict[str, str]]  # field key → {value in the file → value of the list}


_SPECS: dict[str, ImportSpec] = {}


def register_import(spec: ImportSpec) -> ImportSpec:
    _SPECS[spec.key] = spec
    return spec


def get_import_spec(key: str) -> ImportSpec | None:
    return _SPECS.get(key)


def import_specs() -> Iterable[ImportSpec]:
    return list(_SPECS.values())


def custom_import_fields(kind: str) -> list[ImportField]:
    """The kind's custom fields as import fields (``custom.<key>``)."""
    return [
        ImportField(PREFIX + d.key, d.label, tuple(synonyms_of(d)), required=d.required)
        for d in import_columns(kind)
    ]
