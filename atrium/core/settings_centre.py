"""The settings centre's registry (系统设置): apps add their sections in their navigation modules; the page at
/settings/ shows each section, as a card with a one-line description, only to people who may open it (so a card
never leads to a page that answers 403). Groups keep related sections together in a fixed order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The groups of the page, in order: (key, title).
GROUPS: tuple[tuple[str, Promise], ...] = (
    ("people", _("People and access")),
    ("data", _("Data and fields")),
    ("sales", _("Sales and service")),
    ("company", _("Company and notifications")),
    ("security", _("Security and maintenance")),
    ("support", _("Help and feedback")),
)


@dataclass(frozen=True)
class SettingsSection:
    key: str
    title: Promise | str
    description: Promise | str
    url_name: str
    group: str
    order: int
    allowed: Callable[[Any], bool]
    icon: str = ""
    # A companion (the help centre) is shown beside the sections a person may open, but never opens the
    # settings centre by itself: someone with nothing else to manage has no settings entry for it.
    companion: bool = False


_sections: dict[str, SettingsSection] = {}


def register_settings_section(section: SettingsSection) -> None:
    if section.group not in dict(GROUPS):
        raise ValueError(f"unknown settings group {section.group!r}")
    _sections[section.key] = section


def sections_for(user: Any) -> list[dict[str, Any]]:
    """The groups with the sections ``user`` may open, empty groups left out (none when the person may open
    only companions)."""
    if not may_open_settings(user):
        return []
    groups = []
    for key, title in GROUPS:
        entries = sorted((s for s in _sections.values() if s.group == key), key=lambda s: s.order)
        cards = [
            {
                "key": s.key,
                "title": s.title,
                "description": s.description,
                "url": reverse(s.url_name),
                "icon": s.icon,
            }
            for s in entries
            if s.allowed(user)
        ]
        if cards:
            groups.append({"key": key, "title": title, "sections": cards})
    return groups


def may_open_settings(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and any(
        s.allowed(user) for s in _sections.values() if not s.companion
    )
