"""Writes of custom-field definitions: create, edit (rename keeps data; a type change checks every stored
value), retire and restore (values kept), delete (only retired fields, confirmed by the field's name; the values
are removed from the records). Audited and versioned through ``core.writes``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atrium.accounts.models import Role
from atrium.core.access import require
from atrium.core.actors import Action, Actor
from atrium.core.errors import ValidationFailed
from atrium.core.writes import WriteSpec, load_for_action, record_create, record_delete, record_update
from atrium.fields.keys import KEY_PATTERN, key_from_label
from atrium.fields.log_fields import forget_cached_definitions
from atrium.fields.models import FieldDefinition, FieldType, Visibility
from atrium.fields.registry import custom_kind
from atrium.fields.search_index import hidden_from_some_role
from atrium.fields.uniqueness import shared_values
from atrium.fields.values import MAX_OPTIONS, clean_value, stored_value_fits

AUDITED = (
    "label",
    "label_en",
    "key",
    "field_type",
    "options",
    "decimal_places",
    "help_text",
    "required",
    "default",
    "unique",
    "section",
    "position",
    "visibility",
    "in_list",
    "filterable",
    "sortable",
    "searchable",
    "retired_at",
)
FIELD_WRITES = WriteSpec(kind="custom_field", audited=AUDITED, indexed=False)
SELECTS = (FieldType.SELECT, FieldType.MULTI_SELECT)
TEXT_TYPES = (FieldType.TEXT, FieldType.LONG_TEXT, FieldType.PHONE, FieldType.EMAIL, FieldType.URL)
FLAGS = ("required", "unique", "in_list", "filterable", "sortable", "searchable")
DEFAULT_ON = ("filterable",)  # what a new field has unless told otherwise
CONFLICTS_SHOWN = 20


def _text(
    data: Mapping[str, Any], name: str, max_length: int, errors: dict, *, required: bool = False
) -> str:
    value = "" if data.get(name) is None else str(data.get(name)).strip()
    if required and not value:
        errors[name] = [_("This field is required.")]
    elif len(value) > max_length:
        errors[name] = [_("At most %(max)d characters.") % {"max": max_length}]
    return value


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "on", "yes", "是")


def _options(raw: Any, current: list[dict], errors: dict) -> list[dict]:
    """Options as ``[{"value"?, "label", "color"?, "retired"?}]`` (or labels one per line). Existing values
    keep their value when relabelled; an option in use cannot be removed, only retired."""
    if isinstance(raw, str):
        raw = [{"label": line} for line in raw.splitlines() if line.strip()]
    if not isinstance(raw, list) or not all(isinstance(o, dict | str) for o in raw):
        errors["options"] = [_("Send the options as a list.")]
        return current
    known = {str(o["value"]) for o in current}
    by_label = {str(o["label"]).strip().casefold(): str(o["value"]) for o in current}
    taken = set(known)
    options, labels = [], set()
    for item in raw:
        item = {"label": item} if isinstance(item, str) else item
        label = str(item.get("label") or "").strip()
        if not label:
            continue
        if label.casefold() in labels:
            errors["options"] = [_("The option “%(label)s” is listed twice.") % {"label": label}]
            return current
        if len(label) > 60:
            errors["options"] = [_("An option has at most %(max)d characters.") % {"max": 60}]
            return current
        labels.add(label.casefold())
        value = str(item.get("value") or "").strip() or by_label.get(label.casefold(), "")
        if not value or value not in known:
            value = key_from_label(label, taken)
        taken.add(value)
        color = str(item.get("color") or "").strip()[:20]
        options.append(
            {"value": value, "label": label, "color": color, "retired": _flag(item.get("retired"))}
        )
    if not options:
        errors["options"] = [_("A select needs at least one option.")]
    elif len(options) > MAX_OPTIONS:
        errors["options"] = [_("At most %(max)d options.") % {"max": MAX_OPTIONS}]
    return options


def _visibility(raw: Any, errors: dict) -> dict[str, str]:
    from_roles: dict[str, str] = {}
    if raw in (None, ""):
        return from_roles
    if not isinstance(raw, dict):
        errors["visibility"] = [_("Send the visibility as role code → editable, readonly or hidden.")]
        return from_roles
    codes = set(Role.objects.values_list("code", flat=True))
    for code, value in raw.items():
        if code not in codes:
            errors["visibility"] = [_("Unknown role: %(code)s.") % {"code": code}]
        elif value not in Visibility.values:
            errors["visibility"] = [_("Choose editable, read only or hidden.")]
        elif value != Visibility.EDITABLE:
            from_roles[code] = value
    return from_roles


def _builtin_names(kind: str) -> set[str]:
    model = custom_kind(kind).model  # type: ignore[union-attr]
    return {f.name for f in model._meta.get_fields()} | {f.attname for f in model._meta.concrete_fields}


def _clean_definition(
    data: Mapping[str, Any], *, kind: str, current: FieldDefinition | None
) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    fields_of_kind = FieldDefinition.objects.filter(kind=kind)
    if current is not None:
        fields_of_kind = fields_of_kind.exclude(pk=current.pk)
    cleaned: dict[str, Any] = {}
    if current is None or "label" in data:
        cleaned["label"] = _text(data, "label", 60, errors, required=True)
        if cleaned["label"] and fields_of_kind.filter(label=cleaned["label"]).exists():
            errors["label"] = [_("Another field of this kind has this label.")]
    for name, length in (("label_en", 60), ("help_text", 200), ("section", 40)):
        if current is None or name in data:
            cleaned[name] = _text(data, name, length, errors)
    if current is None or "field_type" in data:
        field_type = str(data.get("field_type") or "").strip()
        if field_type not in FieldType.values:
            errors["field_type"] = [_("Choose one of the listed types.")]
        cleaned["field_type"] = field_type
    field_type = cleaned.get("field_type") or (current.field_type if current else "")
    key = str(data.get("key") or "").strip() if "key" in data else None
    if current is None or key is not None:
        taken = set(fields_of_kind.values_list("key", flat=True)) | _builtin_names(kind)
        if not key:
            key = current.key if current is not None else key_from_label(cleaned.get("label") or "", taken)
        if not KEY_PATTERN.match(key):
            errors["key"] = [_("Use lower-case letters, digits and _, starting with a letter (at most 40).")]
        elif key in taken:
            errors["key"] = [_("Another field of this kind (or a built-in field) has this key.")]
        cleaned["key"] = key
    if field_type in SELECTS and (current is None or "options" in data or "field_type" in data):
        cleaned["options"] = _options(data.get("options", []), current.options if current else [], errors)
    elif field_type and field_type not in SELECTS:
        cleaned["options"] = []
    if field_type == FieldType.NUMBER and (current is None or "decimal_places" in data):
        try:
            places = int(data.get("decimal_places") or 0)
        except (TypeError, ValueError):
            places = -1
        if not 0 <= places <= 6:
            errors["decimal_places"] = [_("Choose 0 to 6 decimal places.")]
        cleaned["decimal_places"] = max(places, 0)
    for name in FLAGS:
        if current is None or name in data:
            cleaned[name] = _flag(data.get(name, name in DEFAULT_ON))
    if cleaned.get("searchable") and field_type not in TEXT_TYPES:
        errors["searchable"] = [_("Only text fields can be searched.")]
    if cleaned.get("unique") and field_type in (*SELECTS, FieldType.BOOLEAN):
        errors["unique"] = [_("A select or yes/no field cannot be unique.")]
    if current is None or "position" in data:
        try:
            cleaned["position"] = max(int(data.get("position") or 0), 0)
        except (TypeError, ValueError):
            errors["position"] = [_("Enter a whole number.")]
    if current is None or "visibility" in data:
        cleaned["visibility"] = _visibility(data.get("visibility"), errors)
    if cleaned.get("searchable", current.searchable if current else False) and hidden_from_some_role(
        cleaned.get("visibility", current.visibility if current else {})
    ):
        errors["searchable"] = [_("A field hidden from some roles cannot be searchable.")]
    if errors:
        raise ValidationFailed(errors)
    if current is None or "default" in data:
        cleaned["default"] = _default(data.get("default"), cleaned, current)
    return cleaned


def _default(raw: Any, cleaned: dict[str, Any], current: FieldDefinition | None) -> Any:
    probe = FieldDefinition(
        kind=current.kind if current else "",
        label=cleaned.get("label") or (current.label if current else ""),
        field_type=cleaned.get("field_type") or (current.field_type if current else ""),
        options=cleaned.get("options", current.options if current else []),
        decimal_places=cleaned.get("decimal_places", current.decimal_places if current else None),
    )
    try:
        return clean_value(probe, raw)
    except ValidationError as exc:
        raise ValidationFailed({"default": list(exc.messages)}) from None


def _definitions_changed() -> None:
    """Once the change commits, this process reads the definitions afresh in the log and the timeline (others
    within ``log_fields``' short cache time)."""
    transaction.on_commit(forget_cached_definitions)


def field_create(*, actor: Actor, kind: str, data: Mapping[str, Any]) -> FieldDefinition:
    """A new field of ``kind`` (a kind that registered for custom fields). The key comes from the label
    (pinyin for Chinese) unless given."""
    require(actor, "custom_field", Action.CREATE)  # the right before the input
    if custom_kind(kind) is None:
        raise ValidationFailed({"kind": [_("This kind of record has no custom fields.")]})
    cleaned = _clean_definition(data, kind=kind, current=None)
    if "position" not in data:
        last = FieldDefinition.objects.filter(kind=kind).order_by("-position").first()
        cleaned["position"] = (last.position + 1) if last else 0
    _definitions_changed()
    return record_create(actor=actor, spec=FIELD_WRITES, record=FieldDefinition(kind=kind, **cleaned))


def records_holding(definition: FieldDefinition) -> Any:
    """The records of the field's kind that hold a value for it."""
    model = custom_kind(definition.kind).model  # type: ignore[union-attr]
    return model._default_manager.filter(**{"custom__has_key": definition.key})


def type_conflicts(definition: FieldDefinition, probe: FieldDefinition) -> tuple[int, list[Any]]:
    """(how many, the first 20) records whose stored value does not fit ``probe`` (a changed type or options)."""
    bad, first = 0, list[Any]()
    for record in records_holding(definition).only("pk", "custom").iterator(chunk_size=2000):
        if not stored_value_fits(probe, record.custom.get(definition.key)):
            bad += 1
            if len(first) < CONFLICTS_SHOWN:
                first.append(record)
    return bad, first


def field_update(
    *, actor: Actor, field: FieldDefinition | int, data: Mapping[str, Any], version: Any
) -> FieldDefinition:
    """Edit a field: renaming keeps the data; the key changes only while no record holds a value; a new type
    (or removed options) is refused with the count and the first records whose values would not fit."""
    with record_update(actor=actor, spec=FIELD_WRITES, record=field, version=version) as change:
        record: FieldDefinition = change.record
        cleaned = _clean_definition(data, kind=record.kind, current=record)
        if cleaned.get("key", record.key) != record.key and records_holding(record).exists():
            raise ValidationFailed({"key": [_("Records already hold values of this field: its key stays.")]})
        type_changed = cleaned.get("field_type", record.field_type) != record.field_type
        options_shrunk = {str(o["value"]) for o in record.options} - {
            str(o["value"]) for o in cleaned.get("options", record.options)
        }
        if (
            type_changed
            or options_shrunk
            or cleaned.get("decimal_places", record.decimal_places) != record.decimal_places
        ):
            probe = FieldDefinition(kind=record.kind, key=record.key, label=record.label)
            for name in ("field_type", "options", "decimal_places"):
                setattr(probe, name, cleaned.get(name, getattr(record, name)))
            count, first = type_conflicts(record, probe)
            if count:
                names = "、".join(str(r) for r in first)
                raise ValidationFailed(
                    {
                        "field_type": [
                            _("%(count)d records hold values that do not fit: %(names)s.")
                            % {"count": count, "names": names}
                        ]
                    }
                )
        if cleaned.get("unique") and not record.unique:
            _refuse_shared_values(record)
        change.set(cleaned)
        _definitions_changed()
    return record


def _refuse_shared_values(record: FieldDefinition) -> None:
    count, values = shared_values(record)
    if count:
        raise ValidationFailed(
            {
                "unique": [
                    _("%(count)d values are held by more than one record: %(values)s.")
                    % {"count": count, "values": "、".join(values)}
                ]
            }
        )


def field_retire(*, actor: Actor, field: FieldDefinition | int, version: Any) -> FieldDefinition:
    """Hide the field everywhere; its values stay in the records and come back with ``field_restore``."""
    with record_update(
        actor=actor, spec=FIELD_WRITES, record=field, version=version, event="retired"
    ) as change:
        if change.record.retired_at is None:
            change.set({"retired_at": timezone.now()})
        _definitions_changed()
    return change.record


def field_restore(*, actor: Actor, field: FieldDefinition | int, version: Any) -> FieldDefinition:
    with record_update(
        actor=actor, spec=FIELD_WRITES, record=field, version=version, event="restored"
    ) as change:
        change.set({"retired_at": None})
        _definitions_changed()
    return change.record


def field_delete(*, actor: Actor, field: FieldDefinition | int, confirm: str) -> int:
    """Delete a retired field and remove its values from every record; ``confirm`` must be the field's label.
    Returns how many records lost a value."""
    with transaction.atomic():
        record = load_for_action(actor, "custom_field", field, Action.DELETE, FieldDefinition)
        if record.retired_at is None:
            raise ValidationFailed({"confirm": [_("Retire the field before deleting it.")]})
        if str(confirm or "").strip() != record.label:
            raise ValidationFailed({"confirm": [_("Type the field's name to confirm.")]})
        holders = records_holding(record)
        count = 0
        for chunk in _chunks(holders.values_list("pk", flat=True)):
            for row in holders.model._default_manager.filter(pk__in=chunk).only("pk", "custom"):
                row.custom.pop(record.key, None)
                row.save(update_fields=["custom"])
                count += 1
        record_delete(actor=actor, spec=FIELD_WRITES, record=record, locked=True)
        _definitions_changed()
    return count


def _chunks(ids: Any, size: int = 1000) -> Any:
    batch: list[Any] = []
    for pk in ids.iterator(chunk_size=size):
        batch.append(pk)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
