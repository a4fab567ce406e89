"""The admin-editable lists (industry, source): add, rename (records follow), (de)activate, reorder."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max, Model
from django.utils.translation import gettext as _

from atrium.core.access import require
from atrium.core.audit import audit
from atrium.core.errors import NotFound, ValidationFailed
from atrium.customers.models import ChoiceOption, Customer, Lead, OptionList
from atrium.customers.services.records import pk_of

RENAME_BATCH = 5000
# Which records store each list's values.
USERS_OF_LIST: dict[str, list[tuple[type[Model], str]]] = {
    OptionList.INDUSTRY: [(Customer, "industry")],
    OptionList.SOURCE: [(Customer, "source"), (Lead, "source")],
}


def _clean_value(option_list: str, value: Any, exclude_pk: int | None = None) -> str:
    text = "" if value is None else str(value).strip()
    if not text:
        raise ValidationFailed({"value": [_("This field is required.")]})
    if len(text) > 64:
        raise ValidationFailed({"value": [_("At most %(max)d characters.") % {"max": 64}]})
    clash = ChoiceOption.objects.filter(list=option_list, value=text)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationFailed({"value": [_("This list already has this value.")]})
    return text


def _check_list(option_list: str) -> str:
    if option_list not in OptionList.values:
        raise ValidationFailed({"list": [_("Unknown list.")]})
    return option_list


def _option_for_edit(actor: Any, option: ChoiceOption | int) -> ChoiceOption:
    require(actor, "customer_settings", "edit")
    found = ChoiceOption.objects.select_for_update().filter(pk=pk_of(option)).first()
    if found is None:
        raise NotFound()
    return found


def option_create(*, actor: Any, option_list: str, value: Any) -> ChoiceOption:
    require(actor, "customer_settings", "edit")
    option_list = _check_list(option_list)
    text = _clean_value(option_list, value)
    with transaction.atomic():
        last = ChoiceOption.objects.filter(list=option_list).aggregate(m=Max("position"))["m"]
        option = ChoiceOption.objects.create(list=option_list, value=text, position=(last or 0) + 1)
        audit(
            actor=actor,
            action="create",
            record=option,
            kind="customer_settings",
            changes={"value": [None, text]},
        )
    return option


def _rename_records(option_list: str, old: str, new: str) -> int:
    changed = 0
    for model, field in USERS_OF_LIST[OptionList(option_list)]:
        while True:
            ids = list(
                model._default_manager.filter(**{field: old}).values_list("pk", flat=True)[:RENAME_BATCH]
            )
            if not ids:
                break
            changed += model._default_manager.filter(pk__in=ids).update(**{field: new})
    return changed


def option_update(
    *, actor: Any, option: ChoiceOption | int, value: Any = None, is_active: bool | None = None
) -> ChoiceOption:
    """Rename (the records that use the old value follow, in batches) and/or (de)activate an option.
    A deactivated option stays valid on the records that have it but is no longer offered."""
    with transaction.atomic():
        record = _option_for_edit(actor, option)
        changes: dict[str, list[Any]] = {}
        if value is not None:
            text = _clean_value(record.list, value, exclude_pk=record.pk)
            if text != record.value:
                changed = _rename_records(record.list, record.value, text)
                changes["value"] = [record.value, text]
                changes["records"] = [None, changed]
                record.value = text
        if is_active is not None and bool(is_active) != record.is_active:
            changes["is_active"] = [record.is_active, bool(is_active)]
            record.is_active = bool(is_active)
        if changes:
            record.save()
            audit(actor=actor, action="update", record=record, kind="customer_settings", changes=changes)
    return record


def option_rename(*, actor: Any, option: ChoiceOption | int, value: Any) -> ChoiceOption:
    return option_update(actor=actor, option=option, value=value)


def option_deactivate(*, actor: Any, option: ChoiceOption | int) -> ChoiceOption:
    return option_update(actor=actor, option=option, is_active=False)


def option_activate(*, actor: Any, option: ChoiceOption | int) -> ChoiceOption:
    return option_update(actor=actor, option=option, is_active=True)


def options_reorder(*, actor: Any, option_list: str, ids: list[Any]) -> list[ChoiceOption]:
    """Put a list's options in the order of ``ids`` (all of the list's options, each once)."""
    require(actor, "customer_settings", "edit")
    option_list = _check_list(option_list)
    with transaction.atomic():
        options = {o.pk: o for o in ChoiceOption.objects.select_for_update().filter(list=option_list)}
        try:
            order = [int(pk) for pk in ids]
        except (TypeError, ValueError):
            order = []
        if sorted(order) != sorted(options):
            raise ValidationFailed({"ids": [_("Give every option of the list exactly once.")]})
        for position, pk in enumerate(order):
            options[pk].position = position
        ChoiceOption.objects.bulk_update(list(options.values()), ["position"])
        audit(
            actor=actor,
            action="update",
            kind="customer_settings",
            object_repr=option_list,
            changes={"order": [None, [options[pk].value for pk in order]]},
        )
    return [options[pk] for pk in order]
