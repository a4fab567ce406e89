"""Operation-log rows as a person reads them: field labels, choice labels, names of people and records, local
times, yes/no, lists joined — from the registry in ``atrium.core.log_fields`` and the models' field metadata.

What a row's ``changes`` hold is decided by the row's action, never by the shape of a value:
- create / delete (and import, export, …): a snapshot ``{field: value}`` — a list value is one value (two tags
  are two tags, not an old and a new one). Rows written before this rule by some services hold
  ``[None, value]`` (create) or ``[value, None]`` (delete); those read as the value.
- update, permission, claim, release, transfer, merge: ``{field: [old, new]}``.

Names are resolved for a whole page at once: one query for the people, one per kind of linked record, the
records through ``core.access`` so that a name the viewer may not see reads "a record you may not see".
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from atrium.core.access import visible
from atrium.core.kinds import all_kinds, get_kind, kind_of_instance
from atrium.core.log_fields import (
    PERSON,
    LogField,
    common_log_field,
    dynamic_log_field,
    log_fields_of,
    logged_kinds,
)

PAIR_ACTIONS = frozenset({"update", "permission", "claim", "release", "transfer", "merge"})
EMPTY = "—"


@dataclass(frozen=True)
class ChangeLine:
    """One field of a log row: ``old`` is None for a snapshot (create, delete …), else the value before."""

    label: str
    new: str
    old: str | None = None

    @property
    def is_change(self) -> bool:
        return self.old is not None

    def __str__(self) -> str:
        if self.old is None:
            return f"{self.label}：{self.new}"
        return f"{self.label}：{self.old} → {self.new}"


def local_time_text(value: datetime.datetime) -> str:
    """A moment in the company's time zone, to the minute (what a page shows)."""
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return date_format(timezone.localtime(value), "Y-m-d H:i")


@dataclass(frozen=True)
class _Field:
    key: str
    label: str
    declared: LogField
    model_field: Any


def _model_of(kind: str) -> type[models.Model] | None:
    declared = log_fields_of(kind).model
    try:
        if declared:
            return apps.get_model(declared)
        return get_kind(kind).model_class
    except (LookupError, ValueError):
        return None


def _model_field(model: type[models.Model] | None, key: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


def _kind_of_model(model: Any) -> str | None:
    found = kind_of_instance(model) if model is not None else None
    return found.key if found is not None else None


def _refers_to(spec: _Field) -> str | None:
    if spec.declared.refers_to:
        return spec.declared.refers_to
    field = spec.model_field
    if field is None or not getattr(field, "many_to_one", False):
        return None
    if field.related_model is get_user_model():
        return PERSON
    return _kind_of_model(field.related_model)


def _describe(kind: str, key: str, model: type[models.Model] | None) -> _Field:
    registered = log_fields_of(kind)
    declared = registered.fields.get(key)
    if declared is None and registered.key_reader is not None:
        declared = registered.key_reader(key)
    if declared is None:
        declared = dynamic_log_field(kind, key)
    if declared is None and _model_field(model, key) is None:
        declared = common_log_field(key)
    declared = declared or LogField()
    field = _model_field(model, key)
    if declared.label is not None:
        label = str(declared.label)
    elif field is not None and getattr(field, "verbose_name", None):
        label = str(field.verbose_name)
    else:
        label = key
    return _Field(key=key, label=label, declared=declared, model_field=field)


def _values_of(action: str, stored: Any) -> tuple[Any, Any, bool]:
    """(old, new, is_change) of one stored value, by the row's action."""
    if action in PAIR_ACTIONS:
        if isinstance(stored, list | tuple) and len(stored) == 2:
            return stored[0], stored[1], True
        return None, stored, False
    is_old_pair = isinstance(stored, list) and len(stored) == 2
    if is_old_pair and action == "create" and stored[0] is None:
        return None, stored[1], False
    if is_old_pair and action == "delete" and stored[1] is None:
        return None, stored[0], False
    return None, stored, False


class NameBook:
    """Names of the people and records a page of log rows refers to, loaded in one query per kind."""

    def __init__(self, viewer: Any) -> None:
        self.viewer = viewer
        self.wanted: dict[str, set[int]] = {}
        self.names: dict[tuple[str, int], str] = {}

    def want(self, kind: str, value: Any) -> None:
        if isinstance(value, int) and not isinstance(value, bool):
            self.wanted.setdefault(kind, set()).add(value)

    def load(self) -> None:
        for kind, ids in self.wanted.items():
            pending = ids - {pk for k, pk in self.names if k == kind}
            if pending:
                self.names.update({(kind, pk): name for pk, name in self._load(kind, pending).items()})

    def _load(self, kind: str, ids: set[int]) -> dict[int, str]:
        if kind == PERSON:
            people = get_user_model()._default_manager.filter(pk__in=ids)
            return {person.pk: str(getattr(person, "name", "") or person) for person in people}
        return {record.pk: str(record) for record in visible(self.viewer, kind).filter(pk__in=ids)}

    def name(self, kind: str, value: Any) -> str:
        if not (isinstance(value, int) and not isinstance(value, bool)):
            return str(value)  # older rows kept the name itself
        found = self.names.get((kind, value))
        if found is not None:
            return found
        if kind == PERSON:
            return _("A person who no longer exists")
        return _("A record you may not see")


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def value_text(spec: _Field, value: Any, book: NameBook) -> str:
    """One stored value in words."""
    if _is_empty(value):
        return EMPTY
    if spec.declared.read is not None:
        return spec.declared.read(value)
    refers_to = _refers_to(spec)
    if refers_to is not None:
        return book.name(refers_to, value)
    field = spec.model_field
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, str) and isinstance(field, models.DateTimeField):
        moment = parse_datetime(value)
        return local_time_text(moment) if moment is not None else value
    if isinstance(value, list | tuple):
        return "、".join(EMPTY if _is_empty(v) else str(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}：{EMPTY if _is_empty(v) else v}" for k, v in value.items())
    return str(value)


@dataclass
class _Pending:
    spec: _Field
    old: Any
    new: Any
    is_change: bool


def _pending_of(row: Any) -> list[_Pending]:
    changes = row.changes if isinstance(row.changes, Mapping) else {}
    model = _model_of(row.kind) if row.kind else None
    pending = []
    for key, stored in changes.items():
        spec = _describe(row.kind or "", str(key), model)
        if spec.declared.hidden:
            continue
        old, new, is_change = _values_of(row.action, stored)
        if _is_empty(old) and _is_empty(new):
            continue
        pending.append(_Pending(spec, old, new, is_change))
    return pending


def change_lines_of(rows: Iterable[Any], viewer: Any) -> dict[int, list[ChangeLine]]:
    """{row id: its change lines} for a page of OperationLog rows, names resolved in one query per kind."""
    book = NameBook(viewer)
    by_row: dict[int, list[_Pending]] = {}
    for row in rows:
        by_row[row.pk] = items = _pending_of(row)
        for item in items:
            refers_to = _refers_to(item.spec)
            if refers_to is not None and item.spec.declared.read is None:
                book.want(refers_to, item.old)
                book.want(refers_to, item.new)
    book.load()
    return {
        pk: [
            ChangeLine(
                label=item.spec.label,
                new=value_text(item.spec, item.new, book),
                old=value_text(item.spec, item.old, book) if item.is_change else None,
            )
            for item in items
        ]
        for pk, items in by_row.items()
    }


def actor_text(row: Any) -> str:
    """Who acted: the person's name (李明), else the name the log kept (a process, a deleted person)."""
    actor = row.actor if getattr(row, "actor_id", None) is not None else None
    if actor is not None:
        return str(getattr(actor, "name", "") or actor)
    return row.actor_name or EMPTY


def log_kind_label(key: str) -> str:
    """The name of a row's kind of record ("客户", "API 令牌"): the registered kind's label, else the label
    its log fields declare, else the key (a kind nobody named)."""
    for kind in all_kinds():
        if kind.key == key:
            return str(kind.label)
    label = log_fields_of(key).label
    return str(label) if label is not None else key


def log_kind_choices() -> list[tuple[str, str]]:
    """Every kind a log row may name, as (key, label), by label: for the log's filter."""
    keys = {kind.key for kind in all_kinds()} | set(logged_kinds())
    return sorted(((key, log_kind_label(key)) for key in keys), key=lambda pair: pair[1])


def record_text(row: Any) -> str:
    """The record a row is about, by the name the log kept when it was written (so a record deleted since
    still reads by its last name); never its id."""
    return row.object_repr or EMPTY
