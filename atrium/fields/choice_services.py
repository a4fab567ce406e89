"""Writes of the choice lists (选项列表): add, rename (the records holding a name follow), reorder, retire and
restore, and merge one option into another (its records move to the survivor, the option goes: one audited
operation). Each needs the ``edit`` right of the kind that manages the list; every refusal comes before anything
is written."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from atrium.core.access import require
from atrium.core.audit import audit
from atrium.core.errors import Conflict, NotFound, ValidationFailed
from atrium.core.search import reindex
from atrium.fields.choice_lists import ChoiceList, choice_list
from atrium.fields.choice_options import forget_labels, holding_count
from atrium.fields.keys import key_from_label
from atrium.fields.models import ChoiceOption


def _list(key: Any) -> ChoiceList:
    found = choice_list(str(key or ""))
    if found is None:
        raise ValidationFailed({"list": [_("There is no such choice list.")]})
    return found


def _clean_label(list_def: ChoiceList, label: Any, *, exclude_pk: int | None = None) -> str:
    text = "" if label is None else " ".join(str(label).split())
    if not text:
        raise ValidationFailed({"label": [_("Enter the option's name.")]})
    limit = min(list_def.max_length, 64)
    if len(text) > limit:
        raise ValidationFailed({"label": [_("At most %(max)d characters.") % {"max": limit}]})
    if list_def.multi and "," in text:
        raise ValidationFailed({"label": [_("A tag cannot contain a comma.")]})
    clash = ChoiceOption.objects.filter(list=list_def.key, label__iexact=text)
    if not list_def.keyed:
        clash = ChoiceOption.objects.filter(list=list_def.key, value__iexact=text) | clash
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationFailed(
            {"label": [_("This list already has an option named “%(name)s”.") % {"name": text}]}
        )
    return text


def _locked(option: ChoiceOption | int | Any, *, list_key: str | None = None) -> ChoiceOption:
    try:
        pk = int(option.pk if isinstance(option, ChoiceOption) else option)
    except (TypeError, ValueError):
        raise NotFound(_("There is no such option.")) from None
    found = ChoiceOption.objects.select_for_update().filter(pk=pk).first()
    if found is None or (list_key is not None and found.list != list_key):
        raise NotFound(_("There is no such option."))
    return found


def _check_version(option: ChoiceOption, version: Any) -> None:
    if version is not None and int(version) != option.version:
        raise Conflict(_("This option was changed by someone else. Reload the list and try again."))


def _repr(list_def: ChoiceList, name: str) -> str:
    return f"{list_def.label} · {name}"


def _move_records(list_def: ChoiceList, old: str, new: str) -> dict[str, int]:
    """Every record holding ``old`` gets ``new``; the number moved per model, search entries redone."""
    moved: dict[str, int] = {}
    for use in list_def.uses:
        ids = use.move_values(old, new)
        if ids and use.search_kind:
            reindex(use.search_kind, ids)
        if ids:
            moved[use.model] = moved.get(use.model, 0) + len(ids)
    return moved


def _done() -> None:
    forget_labels()
    transaction.on_commit(forget_labels)


def choice_option_add(*, actor: Any, list_key: str, label: Any) -> ChoiceOption:
    list_def = _list(list_key)
    require(actor, list_def.kind, "edit")
    with transaction.atomic():
        text = _clean_label(list_def, label)
        taken = set(ChoiceOption.objects.filter(list=list_def.key).values_list("value", flat=True))
        value = key_from_label(text, taken)[: min(list_def.max_length, 64)] if list_def.keyed else text
        last = ChoiceOption.objects.filter(list=list_def.key).aggregate(m=Max("position"))["m"]
        option = ChoiceOption.objects.create(
            list=list_def.key, value=value, label=text, position=(last or 0) + 1
        )
        audit(
            actor=actor,
            action="create",
            kind=list_def.kind,
            object_id=option.pk,
            object_repr=_repr(list_def, text),
            changes={"list": [None, list_def.key], "value": [None, text]},
        )
        _done()
    return option


def choice_option_update(
    *, actor: Any, option: ChoiceOption | int, data: dict[str, Any], version: Any = None
) -> ChoiceOption:
    """Rename (``label``), retire or restore (``retired``: bool) and/or move (``position``: 0-based place in the
    list) one option. Renaming a list that stores names moves every record holding the old name to the new one,
    through a bulk update, counted in the log row."""
    with transaction.atomic():
        record = _locked(option)
        list_def = _list(record.list)
        require(actor, list_def.kind, "edit")
        _check_version(record, version)
        changes: dict[str, list[Any]] = {}
        if data.get("label") is not None:
            text = _clean_label(list_def, data["label"], exclude_pk=record.pk)
            if text != record.label:
                changes["value"] = [record.label, text]
                if not list_def.keyed:
                    moved = _move_records(list_def, record.value, text)
                    changes["records"] = [None, sum(moved.values())]
                    record.value = text
                record.label = text
        if data.get("retired") is not None and bool(data["retired"]) != record.is_retired:
            changes["retired"] = [record.is_retired, bool(data["retired"])]
            record.retired_at = timezone.now() if data["retired"] else None
        if data.get("position") is not None:
            changes.update(_place(record, data["position"]))
        if changes:
            record.version += 1
            record.save()
            audit(
                actor=actor,
                action="update",
                kind=list_def.kind,
                object_id=record.pk,
                object_repr=_repr(list_def, record.label),
                changes=changes,
            )
            _done()
    return record


def _place(record: ChoiceOption, position: Any) -> dict[str, list[Any]]:
    try:
        wanted = int(position)
    except (TypeError, ValueError):
        raise ValidationFailed({"position": [_("Give the place as a whole number.")]}) from None
    rows = list(ChoiceOption.objects.select_for_update().filter(list=record.list).order_by("position", "id"))
    ids = [row.pk for row in rows]
    if wanted < 0 or wanted >= len(ids):
        raise ValidationFailed(
            {"position": [_("The place must be between 0 and %(last)d.") % {"last": len(ids) - 1}]}
        )
    before = ids.index(record.pk)
    if before == wanted:
        return {}
    ids.insert(wanted, ids.pop(before))
    _renumber(record.list, ids, keep=record)
    return {"position": [before, wanted]}


def _renumber(list_key: str, ids: list[int], keep: ChoiceOption | None = None) -> None:
    rows = {row.pk: row for row in ChoiceOption.objects.filter(list=list_key)}
    for place, pk in enumerate(ids):
        rows[pk].position = place
    ChoiceOption.objects.bulk_update(list(rows.values()), ["position"])
    if keep is not None:
        keep.position = rows[keep.pk].position


def choice_option_move(*, actor: Any, option: ChoiceOption | int, direction: str) -> ChoiceOption:
    """One place up or down (the buttons of the page without script)."""
    if direction not in ("up", "down"):
        raise ValidationFailed({"direction": [_("Move an option up or down.")]})
    with transaction.atomic():
        record = _locked(option)
        ids = list(
            ChoiceOption.objects.filter(list=record.list)
            .order_by("position", "id")
            .values_list("pk", flat=True)
        )
        place = ids.index(record.pk) + (-1 if direction == "up" else 1)
        place = max(0, min(place, len(ids) - 1))
        return choice_option_update(actor=actor, option=record, data={"position": place})


def choice_options_reorder(*, actor: Any, list_key: str, ids: list[Any]) -> list[ChoiceOption]:
    """Put a list's options in the order of ``ids`` (every option of the list, each once: a drag on the page)."""
    list_def = _list(list_key)
    require(actor, list_def.kind, "edit")
    with transaction.atomic():
        options = {o.pk: o for o in ChoiceOption.objects.select_for_update().filter(list=list_def.key)}
        try:
            order = [int(pk) for pk in ids]
        except (TypeError, ValueError):
            order = []
        if sorted(order) != sorted(options):
            raise ValidationFailed({"ids": [_("Give every option of the list exactly once.")]})
        _renumber(list_def.key, order)
        audit(
            actor=actor,
            action="update",
            kind=list_def.kind,
            object_repr=str(list_def.label),
            changes={"order": [None, [options[pk].label for pk in order]]},
        )
        _done()
    return list(ChoiceOption.objects.filter(list=list_def.key).order_by("position", "id"))


def merge_preview(option: ChoiceOption) -> int:
    """How many records a merge of this option would move."""
    list_def = _list(option.list)
    return holding_count(list_def, option.value)


def choice_options_merge(
    *, actor: Any, source: ChoiceOption | int, target: ChoiceOption | int | Any, version: Any = None
) -> tuple[ChoiceOption, int]:
    """Merge ``source`` into ``target`` (an active option of the same list): every record holding the source's
    value gets the target's (a tag already there is not doubled), the source option is removed; one log row
    says how many records moved. Returns the survivor and that number."""
    with transaction.atomic():
        merged = _locked(source)
        list_def = _list(merged.list)
        require(actor, list_def.kind, "edit")
        _check_version(merged, version)
        if target in (None, ""):
            raise ValidationFailed({"target": [_("Choose the option to merge into.")]})
        try:
            survivor = _locked(target, list_key=merged.list)
        except NotFound:
            raise ValidationFailed(
                {"target": [_("Choose an option of the same list to merge into.")]}
            ) from None
        if survivor.pk == merged.pk:
            raise ValidationFailed({"target": [_("An option cannot be merged into itself.")]})
        if survivor.is_retired:
            raise ValidationFailed(
                {
                    "target": [
                        _("“%(name)s” is retired: restore it before merging into it.")
                        % {"name": survivor.label}
                    ]
                }
            )
        moved = _move_records(list_def, merged.value, survivor.value)
        total = sum(moved.values())
        audit(
            actor=actor,
            action="merge",
            kind=list_def.kind,
            object_id=survivor.pk,
            object_repr=_repr(list_def, survivor.label),
            changes={"merged": [merged.label, survivor.label], "records": [None, total]},
            summary=_("“%(old)s” merged into “%(new)s”: %(count)d records moved.")
            % {"old": merged.label, "new": survivor.label, "count": total},
        )
        merged.delete()
        survivor.version += 1
        survivor.save(update_fields=["version"])
        _done()
    return survivor, total


def choice_values_join(*, list_key: str, values: Iterable[str]) -> int:
    """Values that records were just given and that the list does not have yet join it (the tags people type
    join the 标签 list, so it can rename, merge and retire them). Part of the record's own write, which its log
    row tells; no right of its own. Answers how many joined."""
    wanted = list(dict.fromkeys(v for v in values if v))
    if not wanted:
        return 0
    list_def = _list(list_key)
    known = {
        v.casefold() for v in ChoiceOption.objects.filter(list=list_def.key).values_list("value", flat=True)
    }
    new = [v for v in wanted if v.casefold() not in known and len(v) <= 64]
    if not new:
        return 0
    last = ChoiceOption.objects.filter(list=list_def.key).aggregate(m=Max("position"))["m"] or 0
    ChoiceOption.objects.bulk_create(
        [
            ChoiceOption(list=list_def.key, value=v, label=v, position=last + n)
            for n, v in enumerate(new, start=1)
        ],
        ignore_conflicts=True,
    )
    _done()
    return len(new)
