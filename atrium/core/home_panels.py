"""The home page's panels: apps register theirs in AppConfig.ready(); each panel decides, per person, whether it
shows (None: not for them) and what it shows, through its app's selectors (and so the access layer)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class HomePanel:
    key: str
    template: str
    order: int
    context: Callable[[Any], dict[str, Any] | None]


_panels: dict[str, HomePanel] = {}


def register_home_panel(panel: HomePanel) -> None:
    _panels[panel.key] = panel


def panels_for(user: Any) -> list[dict[str, Any]]:
    shown = []
    for panel in sorted(_panels.values(), key=lambda p: p.order):
        context = panel.context(user)
        if context is not None:
            shown.append({"key": panel.key, "template": panel.template, **context})
    return shown
