"""How the fields of each kind read in the operation log and the timeline: the registry.

A log row keeps field keys and stored values (ids, choice values, ISO times in UTC, lists). What a person reads
is a label and a value in words; ``atrium.core.log_reading`` turns one into the other. By default everything
comes from the model's field metadata (verbose name, choices, boolean, date-time, a link to a person or to a
record of a registered kind). A kind declares only what its model cannot say: a better label, keys that are not
model fields (``roles``, ``grants``, ``lead``), a reader for keys made at run time (``customer.view`` in a
role's grants). A kind that declares nothing still reads in labels.

    register_log_fields("contact", title=LogField(label=_("Job title")))

A kind that appears in the log without being a kind of record the access layer knows (an API token, a saved
view, notification preferences) names itself with ``label=`` so the log never shows its key.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

PERSON = "__person__"  # ``refers_to`` for values that are user ids


@dataclass(frozen=True)
class LogField:
    """How one key of a log row reads.

    ``label``: shown instead of the model field's verbose name (or instead of the raw key).
    ``refers_to``: the value is the id of a record of this kind (or ``PERSON``): shown as its name, through the
    access layer, in one query per kind for a whole page.
    ``read``: a function (value) → text, for values no metadata describes (a scope number, a matrix of grants).
    ``hidden``: left out of what people read (internal bookkeeping).
    """

    label: Promise | str | None = None
    refers_to: str | None = None
    read: Callable[[Any], str] | None = None
    hidden: bool = False


KeyReader = Callable[[str], LogField | None]


@dataclass(frozen=True)
class KindLogFields:
    kind: str
    model: str | None = None  # "app_label.Model"; default: the registered kind's model
    label: Promise | str | None = None  # the kind's name in the log, when it is not a registered kind
    fields: Mapping[str, LogField] = field(default_factory=dict)
    key_reader: KeyReader | None = None  # keys not known in advance ("customer.view")


_registry: dict[str, KindLogFields] = {}


def register_log_fields(
    kind: str,
    *,
    model: str | None = None,
    label: Promise | str | None = None,
    key_reader: KeyReader | None = None,
    **fields: LogField,
) -> KindLogFields:
    """Declare how ``kind``'s log fields read; registering a kind again adds to what it declared before."""
    earlier = _registry.get(kind)
    merged = KindLogFields(
        kind=kind,
        model=model or (earlier.model if earlier else None),
        label=label or (earlier.label if earlier else None),
        fields={**(earlier.fields if earlier else {}), **fields},
        key_reader=key_reader or (earlier.key_reader if earlier else None),
    )
    _registry[kind] = merged
    return merged


DynamicReader = Callable[[str, str], LogField | None]
_dynamic_readers: list[DynamicReader] = []


def register_dynamic_log_fields(reader: DynamicReader) -> None:
    """Keys made at run time for any kind (custom fields: ``custom.<key>``): ``reader(kind, key)`` answers
    how the key reads, or None to leave it to the others."""
    if reader not in _dynamic_readers:
        _dynamic_readers.append(reader)


def dynamic_log_field(kind: str, key: str) -> LogField | None:
    for reader in _dynamic_readers:
        found = reader(kind, key)
        if found is not None:
            return found
    return None


def logged_kinds() -> list[str]:
    """The kinds that declared how their log rows read (some are not kinds of record: API tokens)."""
    return [key for key, registered in _registry.items() if registered.label is not None]


def log_fields_of(kind: str) -> KindLogFields:
    return _registry.get(kind) or KindLogFields(kind=kind)


def common_log_field(key: str) -> LogField | None:
    """Keys that rows of any kind carry (what an export or an import recorded)."""
    return COMMON_FIELDS.get(key)


COMMON_FIELDS: dict[str, LogField] = {
    "format": LogField(label=pgettext_lazy("operation log", "Format")),
    "count": LogField(label=pgettext_lazy("operation log", "Rows")),
    "filters": LogField(label=pgettext_lazy("operation log", "Filters")),
    "rows": LogField(label=pgettext_lazy("operation log", "Rows in the file")),
    "imported": LogField(label=pgettext_lazy("operation log", "Added")),
    "updated": LogField(label=pgettext_lazy("operation log", "Updated")),
    "invalid": LogField(label=pgettext_lazy("operation log", "Invalid rows")),
    "update_by": LogField(label=pgettext_lazy("operation log", "Update existing records by")),
    "skip_invalid": LogField(label=pgettext_lazy("operation log", "Skip invalid rows")),
}
