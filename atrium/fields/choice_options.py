"""Reading the choice lists (选项列表): a list's options, the active ones offered for new input, the name a stored
value reads as (retired options too), and how many records hold an option."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from atrium.core.access import can
from atrium.fields.choice_lists import ChoiceList, choice_list, choice_lists
from atrium.fields.models import ChoiceOption

# Every list's options, read in one query and kept a short while in the process, for what forms, filters and
# cells offer and show: a page reads them once. The writes of this process forget them at once, other processes
# after LABELS_TTL seconds, and every request starts afresh (``forget_labels`` on request_started). What the
# services check (``active_values``) is always read from the database.
LABELS_TTL = 30.0
_cache: dict[str, Any] = {}


def forget_labels(*_args: Any, **_kwargs: Any) -> None:
    _cache.clear()


def _offered() -> dict[str, list[tuple[str, str, bool]]]:
    """list → [(value, name, retired)] in the list's order."""
    now = time.monotonic()
    loaded = _cache.get("at")
    if loaded is not None and now - loaded < LABELS_TTL:
        return _cache["lists"]
    lists: dict[str, list[tuple[str, str, bool]]] = {}
    rows = ChoiceOption.objects.order_by("list", "position", "id").values_list(
        "list", "value", "label", "retired_at"
    )
    for key, value, label, retired_at in rows:
        lists.setdefault(key, []).append((value, label, retired_at is not None))
    _cache.update(at=now, lists=lists)
    return lists


def options_of(key: str, *, retired: bool = True) -> list[ChoiceOption]:
    """The list's options in their order; without the retired ones when ``retired`` is False."""
    rows = ChoiceOption.objects.filter(list=key)
    if not retired:
        rows = rows.filter(retired_at__isnull=True)
    return list(rows.order_by("position", "id"))


def active_values(key: str) -> set[str]:
    return set(ChoiceOption.objects.filter(list=key, retired_at__isnull=True).values_list("value", flat=True))


def active_choices(key: str, *, keep: str | None = None) -> list[tuple[str, str]]:
    """(value, name) of the active options, for forms and filters; ``keep`` (the record's current value) stays
    offered even when its option is retired, so editing a record does not drop it."""
    return [
        (value, label) for value, label, retired in _offered().get(key, []) if not retired or value == keep
    ]


def all_choices(key: str) -> list[tuple[str, str]]:
    """(value, name) of every option, retired ones too (what a strict filter accepts)."""
    return [(value, label) for value, label, _retired in _offered().get(key, [])]


def label_map(key: str) -> dict[str, str]:
    """Stored value → name, retired options included."""
    return {value: label for value, label, _retired in _offered().get(key, [])}


def label_of(key: str, value: Any) -> str:
    """The name of a stored value; a value that is in no option reads as itself."""
    if value in (None, ""):
        return ""
    return label_map(key).get(str(value), str(value))


def holders(list_def: ChoiceList, value: str) -> list[tuple[Any, int]]:
    """(what holds it, how many) per use of the list: the records a rename or merge would move."""
    return [
        (use.label or use.model_class()._meta.verbose_name_plural, use.holding(value))
        for use in list_def.uses
    ]


def holding_count(list_def: ChoiceList, value: str) -> int:
    return sum(count for _label, count in holders(list_def, value))


@dataclass
class ListSummary:
    list: ChoiceList
    active: int
    retired: int
    may_edit: bool


def lists_for(user: Any) -> list[ListSummary]:
    """The lists this person may see (the managing kind's view right), with their numbers of options."""
    counts: dict[tuple[str, bool], int] = {}
    for key, retired_at in ChoiceOption.objects.values_list("list", "retired_at"):
        flag = retired_at is not None
        counts[(key, flag)] = counts.get((key, flag), 0) + 1
    return [
        ListSummary(
            list=item,
            active=counts.get((item.key, False), 0),
            retired=counts.get((item.key, True), 0),
            may_edit=can(user, item.kind, "edit"),
        )
        for item in choice_lists()
        if can(user, item.kind, "view")
    ]


def lists_readable(user: Any) -> list[ChoiceList]:
    """Every list, for any signed-in staff member (forms and filters offer them anyway); none for clients."""
    if getattr(user, "is_external", False):
        return []
    return choice_lists()


def list_for(key: str) -> ChoiceList | None:
    return choice_list(key)
