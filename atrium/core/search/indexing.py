"""Keeping the index in step with the records: reindex / unindex from services, rebuild_index for repair."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connections, router, transaction

from atrium.core.contact_formats import phone_digits
from atrium.core.custom_values import custom_search_keys
from atrium.core.search import storage
from atrium.core.search.pinyin import pinyin_line
from atrium.core.search.registry import SearchSpec, followers_of, get_spec
from atrium.core.search.tokens import document_text, normalise

READ_CHUNK = 2000


def _connection(spec: SearchSpec):
    return connections[router.db_for_write(spec.model_class)]


def _values(value) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value if item not in (None, "")]
    return [str(value)]


class _Parts:
    """A record's texts as they are gathered (each once), and its names found by pinyin."""

    __slots__ = ("names", "texts")

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.names: list[str] = []

    def add(self, spec: SearchSpec, values: Iterable) -> None:
        """Add the texts of one row of ``spec.fields`` values: each once, a phone field's digits beside its
        stored form, a pinyin field's value to the names."""
        for value, path in zip(values, spec.fields, strict=True):
            found = _values(value)
            if path in spec.phones:
                found += [phone_digits(text) for text in found]
            if path in spec.pinyin:
                self.names.extend(text for text in found if text not in self.names)
            self.texts.extend(text for text in found if text not in self.texts)

    def add_custom(self, keys: list[tuple[str, bool]], custom: Mapping[str, Any] | None) -> None:
        """Add the values of the searchable custom fields (``keys``: key, holds a phone)."""
        for key, is_phone in keys:
            found = _values((custom or {}).get(key))
            if is_phone:
                found += [phone_digits(text) for text in found]
            self.texts.extend(text for text in found if text not in self.texts)

    def body(self) -> str:
        readings = pinyin_line(normalise(name) for name in self.names) if self.names else ""
        return document_text(self.texts, readings)


def _body(spec: SearchSpec, values: Iterable, keys: list[tuple[str, bool]], custom: Any) -> str:
    parts = _Parts()
    parts.add(spec, values)
    if keys:
        parts.add_custom(keys, custom)
    return parts.body()


def _search_keys(spec: SearchSpec) -> list[tuple[str, bool]]:
    return custom_search_keys(spec.kind) if spec.custom else []


def _bodies(spec: SearchSpec, queryset) -> dict[int, str]:
    """The searchable text of each record of the queryset (several rows per record for to-many paths)."""
    texts: dict[int, _Parts] = {}
    customs: dict[int, Any] = {}
    keys = _search_keys(spec)
    width = len(spec.fields)
    for row in queryset.values_list("pk", *spec.fields, *(("custom",) if keys else ())):
        parts = texts.get(row[0])
        if parts is None:
            parts = texts[row[0]] = _Parts()
            if keys:
                customs[row[0]] = row[1 + width]
        parts.add(spec, row[1 : 1 + width])
    for pk, custom in customs.items():
        texts[pk].add_custom(keys, custom)
    return {pk: parts.body() for pk, parts in texts.items()}


def _indexed_queryset(spec: SearchSpec, model=None):
    queryset = (model or spec.model_class)._default_manager.all()
    return queryset.filter(spec.indexed) if spec.indexed is not None else queryset


def reindex(kind_key: str, ids: Iterable[int], *, _done: frozenset[str] = frozenset()) -> None:
    """(Re)build the index entries of these records from their current values; records that no longer exist
    or no longer belong in the index (``SearchSpec.indexed``) lose their entry. Call inside the service's
    transaction; records of kinds that follow this one (a contact shows its customer's name) are redone too."""
    wanted = sorted({int(pk) for pk in ids})
    if not wanted:
        return
    spec = get_spec(kind_key)
    connection = _connection(spec)
    with transaction.atomic(using=connection.alias):
        for start in range(0, len(wanted), READ_CHUNK):
            chunk = wanted[start : start + READ_CHUNK]
            bodies = _bodies(spec, _indexed_queryset(spec).filter(pk__in=chunk))
            gone = [pk for pk in chunk if pk not in bodies]
            if gone:
                storage.delete_entries(connection, spec.table, gone)
            storage.write_entries(connection, spec.table, bodies)
        for follower, foreign_key in followers_of(kind_key):
            if follower.kind in _done:
                continue
            follower_ids = follower.model_class._default_manager.filter(
                **{f"{foreign_key}__in": wanted}
            ).values_list("pk", flat=True)
            reindex(follower.kind, list(follower_ids), _done=_done | {kind_key})


def custom_keys_indexed(kind_key: str) -> list[tuple[str, bool]]:
    """The custom fields of the kind that the index takes, as ``index_created`` wants them: a bulk writer
    reads them once before its batches (reading them per batch would wait for the batch's rows to be sent)."""
    return _search_keys(get_spec(kind_key))


def index_created(
    kind_key: str,
    records: Iterable[tuple[int, Mapping[str, Any]]],
    custom_keys: list[tuple[str, bool]] | None = None,
) -> None:
    """Index records just created in this transaction from the values the caller wrote, as ``(id, {field:
    value})`` with every field of the kind's search spec (plain fields only) — and ``custom`` for a spec that
    indexes custom fields: what ``reindex`` would store,
    without reading the rows back. For bulk writers (imports) whose records are new — so no follower points
    at them yet — and belong in the index (``SearchSpec.indexed``: the caller knows, e.g. not archived).
    ``records`` may be a generator; ``custom_keys`` from ``custom_keys_indexed`` (read here when None)."""
    spec = get_spec(kind_key)
    paths = [name for name in spec.fields if "__" in name]
    if paths:
        raise ValueError(f"index_created() takes plain fields only; {kind_key} indexes {paths}")
    connection = _connection(spec)
    if not connection.in_atomic_block:  # no savepoint of its own: it would wait for a copy_pipeline
        raise transaction.TransactionManagementError("index_created() must run inside a transaction")
    keys = _search_keys(spec) if custom_keys is None else custom_keys
    storage.append_entries(
        connection,
        spec.table,
        (
            (int(pk), _body(spec, [values[name] for name in spec.fields], keys, values.get("custom")))
            for pk, values in records
        ),
    )


def unindex(kind_key: str, ids: Iterable[int]) -> None:
    """Drop the index entries of these records (deleted, archived). Records that follow them are redone."""
    spec = get_spec(kind_key)
    gone = sorted({int(pk) for pk in ids})
    if not gone:
        return
    connection = _connection(spec)
    with transaction.atomic(using=connection.alias):
        storage.delete_entries(connection, spec.table, gone)
        for follower, foreign_key in followers_of(kind_key):
            follower_ids = follower.model_class._default_manager.filter(
                **{f"{foreign_key}__in": gone}
            ).values_list("pk", flat=True)
            reindex(follower.kind, list(follower_ids), _done=frozenset({kind_key}))


def rebuild_index(kind_key: str, batch_size: int = 5000, *, model=None) -> int:
    """Empty the kind's index and index every record again, in batches by id, in one transaction (on SQLite
    readers see the old index until it commits; on PostgreSQL searches of this kind wait for it). Returns how
    many records were indexed. For bench seeding and repair — and after any change of the tokeniser (a
    migration passes its historical ``model``, as customers' ``0009_search_by_pinyin`` does)."""
    spec = get_spec(kind_key)
    connection = _connection(spec)
    queryset = _indexed_queryset(spec, model).order_by("pk")
    count = 0
    last_pk = None
    with transaction.atomic(using=connection.alias):
        storage.start_rebuild(connection, spec.table)
        while True:
            page = queryset if last_pk is None else queryset.filter(pk__gt=last_pk)
            batch_ids = list(page.values_list("pk", flat=True)[:batch_size])
            if not batch_ids:
                break
            bodies = _bodies(spec, page.filter(pk__lte=batch_ids[-1]))
            storage.write_entries(connection, spec.table, bodies, fresh=True)
            count += len(bodies)
            last_pk = batch_ids[-1]
        storage.finish_rebuild(connection, spec.table)
    return count
