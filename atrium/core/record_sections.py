"""Sections that other apps add to a record's page: a customer's page shows its deals (sales), later its
projects and rooms, without the customers app knowing of them.

An app registers ``RecordSection(kind, key, title, template, context, order)``; ``context(user, record)``
answers the template's context (read through the access layer) or None to leave the section out (the person
may not see any of it). A record page renders them with ``{% record_sections request.user "customer" customer %}``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class RecordSection:
    kind: str
    key: str
    title: Promise | str
    template: str
    context: Callable[[Any, Any], dict[str, Any] | None]
    order: int = 100


_sections: dict[tuple[str, str], RecordSection] = {}


def register_record_section(section: RecordSection) -> RecordSection:
    _sections[(section.kind, section.key)] = section
    return section


def sections_of(kind: str) -> list[RecordSection]:
    return sorted((s for s in _sections.values() if s.kind == kind), key=lambda s: (s.order, s.key))


def rendered_sections(user: Any, kind: str, record: Any) -> list[tuple[RecordSection, dict[str, Any]]]:
    """The sections of ``kind`` this person sees on ``record``'s page, each with its context."""
    shown = []
    for section in sections_of(kind):
        context = section.context(user, record)
        if context is not None:
            shown.append((section, context))
    return shown
