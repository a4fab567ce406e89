"""The registry of choice lists (选项列表). A list is declared by the app whose records use it
(``register_choice_list`` in its ``choice_lists.py``, imported in ``ready()``): its key, its label (an English
msgid, translated), the kind whose ``edit`` right manages it and whose log gets its rows, whether values are
many per record (tags) or a stable code (keyed: levels, follow-up types), and which records store its values
(``ChoiceUse``: a model and a column) — so that renaming and merging can move them. A later app adds its own
records to a list declared before it with ``add_choice_use`` (deals: the lost reasons)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.functional import Promise

MOVE_BATCH = 2000


@dataclass(frozen=True)
class ChoiceUse:
    """Records that store a list's values: ``model`` ("app_label.Model") in ``field``. A single-value column is
    counted and moved by the defaults (in batches, the records' version and update time bumped, the search entries
    of ``search_kind`` redone); a multi-value one (tags) gives its own ``count(value)`` and
    ``move(old, new) -> ids`` (``new`` None: drop the value)."""

    model: str
    field: str
    label: str | Promise = ""
    search_kind: str | None = None
    count: Callable[[str], int] | None = None
    move: Callable[[str, str], list[int]] | None = None

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def holding(self, value: str) -> int:
        if self.count is not None:
            return self.count(value)
        return self.model_class()._default_manager.filter(**{self.field: value}).count()

    def move_values(self, old: str, new: str) -> list[int]:
        """Give the records holding ``old`` the value ``new``; the ids of the records changed."""
        if self.move is not None:
            return self.move(old, new)
        model = self.model_class()
        manager = model._default_manager
        field_names = {f.name for f in model._meta.get_fields()}
        bump: dict[str, Any] = {self.field: new}
        if "version" in field_names:
            bump["version"] = F("version") + 1
        if "updated_at" in field_names:
            bump["updated_at"] = timezone.now()
        moved: list[int] = []
        while True:
            ids = list(
                manager.filter(**{self.field: old}).order_by("pk").values_list("pk", flat=True)[:MOVE_BATCH]
            )
            if not ids:
                break
            manager.filter(pk__in=ids).update(**bump)
            moved.extend(ids)
        return moved


@dataclass
class ChoiceList:
    key: str
    label: str | Promise
    kind: str  # whose "edit" right manages the list, and whose log gets its rows
    description: str | Promise = ""
    multi: bool = False  # a record holds several values (tags)
    keyed: bool = False  # records store a stable code; renaming changes the name only
    max_length: int = 64
    order: int = 100
    uses: list[ChoiceUse] = field(default_factory=list)


_lists: dict[str, ChoiceList] = {}


def register_choice_list(choice_list: ChoiceList) -> ChoiceList:
    existing = _lists.get(choice_list.key)
    if existing is not None:
        if existing is choice_list:
            return existing
        raise ValueError(f"choice list {choice_list.key!r} is registered twice")
    _lists[choice_list.key] = choice_list
    return choice_list


def add_choice_use(key: str, use: ChoiceUse) -> None:
    """Records of a later app that store the values of a list declared before it."""
    uses = _lists[key].uses
    if not any(u.model == use.model and u.field == use.field for u in uses):
        uses.append(use)


def choice_list(key: str) -> ChoiceList | None:
    return _lists.get(key)


def choice_lists() -> list[ChoiceList]:
    return sorted(_lists.values(), key=lambda item: (item.order, item.key))


def lists_of_kinds(kinds: Iterable[str]) -> list[ChoiceList]:
    wanted = set(kinds)
    return [item for item in choice_lists() if item.kind in wanted]
