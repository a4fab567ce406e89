"""What one cell of a list row shows, and the common ways to fill it (text, a record link, a person, a choice
label, a date, yes/no, tag chips, labelled lines). Cells read only what the list's queryset (and its
``prepare``) loaded: never a query per row."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape as escape_html
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


def _escaped(value: Any) -> str:
    """As the template's auto-escaping writes a value (safe strings as they are), without its lazy wrappers."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return escape_html(str(value), quote=True)


@dataclass(frozen=True)
class CellLine:
    """One labelled line of a cell that holds several ("名称：旧 → 新"); ``label`` may be empty."""

    label: str
    text: str


@dataclass
class Cell:
    key: str = ""
    text: str = ""
    link: str | None = None
    tags: list[str] = field(default_factory=list)
    muted: bool = False
    lines: list[CellLine] = field(default_factory=list)

    def td(self) -> SafeString:
        """The cell as the list's table shows it, built here rather than by template tags: a page of 50 rows
        renders hundreds of cells, and one escaped string each is several times cheaper than a template's
        branches and lookups."""
        if self.tags:
            inner = "".join(f'<span class="tag">{_escaped(tag)}</span> ' for tag in self.tags)
        elif self.lines:
            inner = "".join(
                "<div>"
                + (f'<span class="muted">{_escaped(line.label)}</span>：' if line.label else "")
                + f"{_escaped(line.text)}</div>"
                for line in self.lines
            )
        elif self.link:
            inner = f'<a href="{_escaped(self.link)}">{_escaped(self.text)}</a>'
        else:
            inner = _escaped(self.text)
        muted = ' class="muted"' if self.muted else ""
        return mark_safe(f'<td data-column="{_escaped(self.key)}"{muted}>{inner}</td>')


CellMaker = Callable[[Any], Cell]


def attribute(record: Any, path: str) -> Any:
    """``record.a.b`` for the path "a.b" or "a__b"; None when a step is None."""
    value = record
    for part in path.replace("__", ".").split("."):
        if value is None:
            return None
        value = getattr(value, part)
    return value


def when_text(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "Y-m-d H:i")
    return formats.date_format(value, "Y-m-d")


def value_cell(value: Any) -> Cell:
    """A plain value: "—" (muted) when empty, dates in local time."""
    if value is None or value == "":
        return Cell(text="—", muted=True)
    if isinstance(value, datetime.date):
        return Cell(text=when_text(value))
    return Cell(text=str(value))


def detail_url(url_name: str, pk: Any) -> str | None:
    try:
        return reverse(url_name, args=[pk])
    except NoReverseMatch:
        return None


def link_cell(url_name: str, text: str = "name", record: str = "") -> CellMaker:
    """The text of ``text`` linking to the detail page ``url_name`` of the record (or of ``record``'s)."""

    def make(row: Any) -> Cell:
        target = attribute(row, record) if record else row
        if target is None:
            return Cell(text="—", muted=True)
        return Cell(text=str(attribute(target, text)), link=detail_url(url_name, target.pk))

    return make


def person_cell(path: str, none_text: Any = "—") -> CellMaker:
    """The name of the person at ``path`` ("owner", "customer.owner"), or ``none_text`` (muted)."""

    def make(row: Any) -> Cell:
        person = attribute(row, path)
        if person is None:
            return Cell(text=str(none_text), muted=True)
        return Cell(text=person.name)

    return make


def choice_cell(name: str) -> CellMaker:
    """The label of a choice field (``get_<name>_display``)."""

    def make(row: Any) -> Cell:
        value = getattr(row, f"get_{name}_display")()
        return Cell(text=str(value) if value else "—", muted=not value)

    return make


def yes_no_cell(name: str) -> CellMaker:
    def make(row: Any) -> Cell:
        value = bool(getattr(row, name))
        return Cell(text=_("Yes") if value else "—", muted=not value)

    return make


def tags_cell(name: str = "tags") -> CellMaker:
    def make(row: Any) -> Cell:
        return Cell(tags=[str(tag) for tag in (getattr(row, name) or [])])

    return make


def field_cell(path: str) -> CellMaker:
    def make(row: Any) -> Cell:
        return value_cell(attribute(row, path))

    return make
