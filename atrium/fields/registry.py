"""The kinds that have custom fields. A kind opts in by registering (its app's ``fields.py``, imported in
``ready()``); every surface — forms, record pages, API schemas, the settings page — then offers its fields.

    register_custom_kind("customer", label=_("Customers"))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from atrium.core.kinds import get_kind


@dataclass(frozen=True)
class CustomKind:
    kind: str
    label: Promise | str
    order: int = 100

    @property
    def model(self) -> Any:
        return get_kind(self.kind).model_class


_kinds: dict[str, CustomKind] = {}


def register_custom_kind(kind: str, *, label: Promise | str, order: int = 100) -> None:
    _kinds[kind] = CustomKind(kind=kind, label=label, order=order)


def custom_kinds() -> list[CustomKind]:
    return sorted(_kinds.values(), key=lambda k: k.order)


def custom_kind(kind: str) -> CustomKind | None:
    return _kinds.get(kind)
