"""The navigation registry: apps add their entries in AppConfig.ready(); the shell shows each entry only to
people who may use it (so the menu never leads to a page that answers 403)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: Promise | str
    url_name: str
    section: str  # "main" for the work menu, "admin" for administration
    icon: str
    order: int
    allowed: Callable[[Any], bool]


_entries: dict[str, NavEntry] = {}


def register_nav(entry: NavEntry) -> None:
    _entries[entry.key] = entry


def nav_for(user: Any, section: str) -> list[dict[str, Any]]:
    entries = sorted((e for e in _entries.values() if e.section == section), key=lambda e: e.order)
    return [
        {"key": e.key, "label": e.label, "url": reverse(e.url_name), "icon": e.icon}
        for e in entries
        if e.allowed(user)
    ]
