"""The one write path of records: every service of every kind writes through it.

    access (404 invisible / 403 not granted) → version (409 stale, nothing changed) → the service's own
    cleaning and rules → snapshot → set → version += 1 → save → audit with old and new values (inside the
    transaction) → search index → declared event (``core.events``; durable ones through the outbox)

A kind describes its writes once in a ``WriteSpec`` (its access kind, the fields the log keeps, whether it is
indexed, its event names); a service keeps only its own rules:

    with record_update(actor=actor, spec=CUSTOMER_WRITES, record=customer, version=version) as change:
        cleaned = clean_customer_fields(data, partial=True, current=change.record)
        change.set(cleaned)

``record_create`` / ``record_delete`` do the same for new and removed records, ``records_for_action`` locks
many records for a bulk action (all or none), and ``records_written`` is the bulk entry point of imports
(one log INSERT per batch, index kept in step, no per-record event: the import emits ``import.finished``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Model, ProtectedError
from django.utils.translation import gettext as _

from atrium.core.access import check_action, get_visible, require, visible
from atrium.core.actors import Action, Actor, AuditVerb, actor_id, is_system, person
from atrium.core.audit import audit, audit_records, changes_between, snapshot
from atrium.core.custom_values import cleaned_custom, custom_changes, custom_log_values
from atrium.core.errors import Conflict, Forbidden, NotFound, ServiceError, ValidationFailed
from atrium.core.events import emit
from atrium.core.kinds import get_kind
from atrium.core.search import reindex, unindex

M = TypeVar("M", bound=Model)

# ``version=UNCHECKED``: the change does not come from a form the caller read (conversions, pool moves).
UNCHECKED: Any = object()

MAX_BULK = 1000
MAX_ID = 2**63 - 1  # the largest primary key (BigAutoField); a larger number names no record


@dataclass(frozen=True)
class WriteSpec:
    """How one kind of record is written. ``kind`` is its ``core.kinds`` key (access and the log's kind);
    ``audited`` the fields the log keeps; ``indexed`` whether global search indexes it; ``event`` the prefix
    of its declared events (``<event>.created/updated/deleted``, payload ``<event>_id``, ``actor_id`` …)."""

    kind: str
    audited: tuple[str, ...]
    indexed: bool = True
    event: str = ""

    @property
    def model(self) -> type[Model]:
        return get_kind(self.kind).model_class

    @property
    def event_prefix(self) -> str:
        return self.event or self.kind

    @property
    def id_field(self) -> str:
        return f"{self.event_prefix}_id"


def pk_of(record_or_pk: Any) -> Any:
    return record_or_pk.pk if isinstance(record_or_pk, Model) else record_or_pk


def load_for_action(
    actor: Actor, kind: str, record_or_pk: Any, action: Action | str, model: type[Model] | None = None
) -> Any:
    """The record, locked for the rest of the transaction: NotFound (404) when the actor cannot see it,
    Forbidden (403) when they see it but may not do ``action``. A system process acts on any record."""
    model = model or get_kind(kind).model_class
    locked = model._default_manager.select_for_update()
    if is_system(actor):
        record = locked.filter(pk=pk_of(record_or_pk)).first()
        if record is None:
            raise NotFound()
        return record
    record = get_visible(actor, kind, pk_of(record_or_pk), locked)
    check_action(actor, kind, str(action), record)
    return record


def check_version(record: Any, version: Any) -> None:
    """The version the caller read must be the record's: else Conflict (409) and nothing changes."""
    try:
        expected = int(version)
    except (TypeError, ValueError):
        raise ValidationFailed({"version": [_("Send the version you read.")]}) from None
    if expected != record.version:
        raise Conflict()


def check_bulk_ids(ids: Any) -> list[int]:
    try:
        clean = sorted({int(pk) for pk in ids})
    except (TypeError, ValueError):
        raise ValidationFailed({"ids": [_("Choose valid records.")]}) from None
    if clean and not (clean[0] >= 1 and clean[-1] <= MAX_ID):
        raise ValidationFailed({"ids": [_("Choose valid records.")]})
    if not clean:
        raise ValidationFailed({"ids": [_("Choose at least one record.")]})
    if len(clean) > MAX_BULK:
        raise ValidationFailed({"ids": [_("Choose at most %(max)d records at once.") % {"max": MAX_BULK}]})
    return clean


def records_for_action(
    actor: Actor, kind: str, ids: Iterable[Any], action: Action | str, *, not_found: str, forbidden: str
) -> list[Any]:
    """Locked records for a bulk action, in id order: NotFound if any is not visible, Forbidden if the action
    is not granted on any of them (``forbidden`` may use %(count)d)."""
    clean = check_bulk_ids(ids)
    model = get_kind(kind).model_class
    manager = model._default_manager
    rows = list(manager.select_for_update().filter(pk__in=clean).order_by("pk"))
    seen = set(visible(actor, kind, manager.filter(pk__in=clean)).values_list("pk", flat=True))
    if len(rows) != len(clean) or seen != set(clean):
        raise NotFound(not_found)
    allowed = set(
        visible(actor, kind, manager.filter(pk__in=clean), str(action)).values_list("pk", flat=True)
    )
    if allowed != set(clean):
        raise Forbidden(forbidden % {"count": len(set(clean) - allowed)})
    return rows


def reindex_records(kind_key: str, ids: Iterable[Any]) -> None:
    ids = [pk for pk in ids if pk is not None]
    if ids:
        reindex(kind_key, ids)


def unindex_records(kind_key: str, ids: Iterable[Any]) -> None:
    ids = [pk for pk in ids if pk is not None]
    if ids:
        unindex(kind_key, ids)


def record_create(
    *,
    actor: Actor,
    spec: WriteSpec,
    record: M,
    after_save: Callable[[M], None] | None = None,
    summary: str = "",
    check_access: bool = True,
    custom: Mapping[str, Any] | None = None,
) -> M:
    """Save a new record the service built from cleaned values: create right (unless the service checked a
    wider rule itself), ``created_by`` filled in (records with one, ``core.record_models``), its custom-field
    values cleaned (``custom``: what the person sent — a dict when the surface offers custom fields, and then
    required ones must be filled; None applies defaults only, e.g. a conversion), save,
    ``after_save`` (the service's related rows), audit its snapshot, index, emit ``<event>.created``."""
    if check_access and not is_system(actor):
        require(actor, spec.kind, Action.CREATE)
    if getattr(record, "created_by_id", False) is None:
        setattr(record, "created_by", person(actor))  # noqa: B010  (kinds without a creator have no field)
    with transaction.atomic():
        values = cleaned_custom(
            actor=actor, kind=spec.kind, raw=custom, current=None, record_pk=None, creating=True
        )
        if values is not None:
            record.custom = values  # type: ignore[attr-defined]
        record.save()
        if after_save is not None:
            after_save(record)
        audit(
            actor=actor,
            action=AuditVerb.CREATE,
            record=record,
            kind=spec.kind,
            changes={**snapshot(record, spec.audited), **_custom_snapshot(record)},
            summary=summary,
        )
        if spec.indexed:
            reindex_records(spec.kind, [record.pk])
        emit(f"{spec.event_prefix}.created", **{spec.id_field: record.pk, "actor_id": actor_id(actor)})
    return record


@dataclass
class RecordChange:
    """The record being changed inside ``record_update``: ``set()`` cleaned values, ``note()`` changes the
    snapshot does not see (collaborators), ``summary`` for the log row."""

    record: Any
    before: dict[str, Any]
    extra: dict[str, list[Any]] = field(default_factory=dict)
    summary: str = ""
    kind: str = ""
    actor: Any = None

    def set(self, values: Mapping[str, Any]) -> None:
        for name, value in values.items():
            setattr(self.record, name, value)

    def note(self, name: str, old: Any, new: Any) -> None:
        self.extra[name] = [old, new]

    def set_custom(self, raw: Mapping[str, Any] | None) -> None:
        """Apply the custom-field values the person sent. A surface that offers custom fields (a form, the
        API) sends a dict, possibly empty, and then the required ones must be filled; None (a surface that
        does not offer them) keeps them as they are. The log gets one ``custom.<key>`` change per field."""
        values = cleaned_custom(
            actor=self.actor,
            kind=self.kind,
            raw=raw,
            current=self.record.custom,
            record_pk=self.record.pk,
            creating=False,
        )
        if values is not None:
            self.record.custom = values


def _custom_snapshot(record: Any) -> dict[str, Any]:
    return custom_log_values(getattr(record, "custom", None))


@contextmanager
def record_update(
    *,
    actor: Actor,
    spec: WriteSpec,
    record: Any,
    version: Any,
    action: Action | str = Action.EDIT,
    verb: AuditVerb = AuditVerb.UPDATE,
    event: str | None = "updated",
) -> Iterator[RecordChange]:
    """Change one record: locked for ``action`` (404/403), ``version`` checked (409); the block applies the
    service's rules and ``change.set(...)``; on leaving it the version goes up, the record is saved, the log
    row gets ``{field: [old, new]}``, the index is refreshed and ``<event>.<event>`` is emitted (``event``
    None: the service emits its own). An exception in the block rolls everything back."""
    with transaction.atomic():
        locked = load_for_action(actor, spec.kind, record, action, spec.model)
        if version is not UNCHECKED:
            check_version(locked, version)
        change = RecordChange(
            record=locked, before=snapshot(locked, spec.audited), kind=spec.kind, actor=actor
        )
        custom_before = dict(getattr(locked, "custom", None) or {})
        yield change
        locked.version += 1
        locked.save()
        changes = changes_between(change.before, snapshot(locked, spec.audited))
        changes.update(custom_changes(custom_before, getattr(locked, "custom", None)))
        changes.update(change.extra)
        audit(
            actor=actor, action=verb, record=locked, kind=spec.kind, changes=changes, summary=change.summary
        )
        if spec.indexed:
            reindex_records(spec.kind, [locked.pk])
        if event:
            emit(
                f"{spec.event_prefix}.{event}",
                **{spec.id_field: locked.pk, "actor_id": actor_id(actor), "changed": sorted(changes)},
            )


def record_delete(
    *,
    actor: Actor,
    spec: WriteSpec,
    record: Any,
    before_delete: Callable[[Any], None] | None = None,
    locked: bool = False,
) -> None:
    """Delete one record (delete right, 404/403): audit its snapshot, ``before_delete`` (the service's own
    clean-up), unindex, emit ``<event>.deleted`` with its name, delete. ``locked``: the service already
    loaded it for the action (bulk delete)."""
    with transaction.atomic():
        if not locked:
            record = load_for_action(actor, spec.kind, record, Action.DELETE, spec.model)
        audit(
            actor=actor,
            action=AuditVerb.DELETE,
            record=record,
            kind=spec.kind,
            changes={**snapshot(record, spec.audited), **_custom_snapshot(record)},
        )
        if before_delete is not None:
            before_delete(record)
        if spec.indexed:
            unindex_records(spec.kind, [record.pk])
        emit(
            f"{spec.event_prefix}.deleted",
            **{spec.id_field: record.pk, "actor_id": actor_id(actor), "name": str(record)},
        )
        try:
            record.delete()
        except ProtectedError as exc:
            raise _still_referred_to(record, exc) from None


def _still_referred_to(record: Any, exc: ProtectedError) -> ServiceError:
    """Records of another kind still point at this one (a customer's deals): refused, naming them, before
    anything was deleted (the collector raises before any DELETE runs)."""
    kinds = sorted({str(obj._meta.verbose_name_plural) for obj in exc.protected_objects})
    return ServiceError(
        _("%(record)s cannot be deleted: %(count)d other records (%(kinds)s) still refer to it.")
        % {"record": record, "count": len(exc.protected_objects), "kinds": "、".join(kinds)},
        code="still_referred_to",
    )


def records_written(
    *,
    actor: Actor,
    spec: WriteSpec,
    created: Sequence[tuple[Any, str, Mapping[str, Any]]] = (),
    updated: Sequence[tuple[Any, str, Mapping[str, Any], Mapping[str, Any]]] = (),
    summary: str = "",
) -> int:
    """The bulk entry point (imports, bulk actions that wrote rows themselves, inside their transaction):
    ``created`` as ``(id, name, values)``, ``updated`` as ``(id, name, before, after)``; one log INSERT per
    group and the index kept in step. Access was checked by the caller; no per-record event is emitted (the
    caller emits one event for the batch, e.g. ``import.finished``). Returns the rows logged."""
    logged = 0
    if created:
        logged += audit_records(
            actor=actor,
            action=AuditVerb.CREATE,
            kind=spec.kind,
            records=[(pk, name, {}, values) for pk, name, values in created],
            summary=summary,
        )
    if updated:
        logged += audit_records(
            actor=actor, action=AuditVerb.UPDATE, kind=spec.kind, records=updated, summary=summary
        )
    if spec.indexed:
        reindex_records(spec.kind, [row[0] for row in (*created, *updated)])
    return logged
