"""Cleaning one imported cell: the single-field validators of ``customers.validation`` plus what only an
import needs (choices given by their label in either language, people given by username or display name)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import TextChoices
from django.utils import translation
from django.utils.translation import gettext as _

from atrium.core.access import scope_of
from atrium.core.kinds import Scope
from atrium.imports.registry import CheckedRow, SourceRow

Cleaner = Callable[[str], Any]


def choice_cleaner(choices: type[TextChoices], *, allowed: Iterable[str] | None = None) -> Cleaner:
    """A cleaner accepting a choice's value or its label in English or Chinese ("signed", "Signed", "已签约")."""
    values = set(allowed) if allowed is not None else set(choices.values)
    texts: dict[str, str] = {}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            for value, label in choices.choices:
                if value in values:
                    texts[str(label).casefold()] = value
    for value in values:
        texts[value.casefold()] = value

    def clean(raw: str) -> str:
        value = texts.get(raw.strip().casefold())
        if value is None:
            raise ValidationError(
                _("“%(value)s” is not one of: %(choices)s.")
                % {
                    "value": raw,
                    "choices": ", ".join(str(label) for v, label in choices.choices if v in values),
                }
            )
        return value

    return clean


def option_cleaner(values: set[str], mapped: Mapping[str, str] | None = None) -> Cleaner:
    """A value of an admin-editable list (industry, source), matched without regard to case; ``mapped``:
    values of the file the importer mapped to one of the list (in the mapping step)."""
    by_text = {value.casefold(): value for value in values}
    for raw, chosen in (mapped or {}).items():
        if chosen in values:
            by_text.setdefault(raw.strip().casefold(), chosen)

    def clean(raw: str) -> str:
        value = by_text.get(raw.strip().casefold())
        if value is None:
            raise ValidationError(
                _("“%(value)s” is not in the list. Choose one of: %(choices)s.")
                % {"value": raw, "choices": "、".join(sorted(values))}
            )
        return value

    return clean


class People:
    """Active people by username and display name, and whom the importer may make owner of a record:
    themselves, plus anyone in their assign scope (department and below, or everyone)."""

    def __init__(self, actor: Any, kind: str) -> None:
        from atrium.accounts.models import User

        self.actor = actor
        self.by_username: dict[str, int] = {}
        self.by_display: dict[str, list[int]] = {}
        self.names: dict[int, str] = {}
        rows = User.objects.filter(is_active=True).values_list(
            "id", "username", "display_name", "department__path"
        )
        paths: dict[int, str] = {}
        for pk, username, display, path in rows:
            self.by_username[username.casefold()] = pk
            if display:
                self.by_display.setdefault(display.strip(), []).append(pk)
            self.names[pk] = display or username
            paths[pk] = path or ""
        self.assignable = self._assignable(actor, kind, paths)

    @staticmethod
    def _assignable(actor: Any, kind: str, paths: Mapping[int, str]) -> set[int] | None:
        scope = scope_of(actor, kind, "assign")
        if scope == Scope.ALL:
            return None
        allowed = {actor.pk}
        mine = actor.department.path if scope == Scope.DEPARTMENT and actor.department_id else ""
        if mine:
            allowed |= {pk for pk, path in paths.items() if path.startswith(mine)}
        return allowed

    def name_of(self, pk: int | None) -> str:
        return self.names.get(pk, "") if pk is not None else _("the pool")

    def owner(self, raw: str) -> int:
        """The person named by ``raw`` whom the importer may make owner; ValidationError otherwise."""
        text = raw.strip()
        pk = self.by_username.get(text.casefold())
        if pk is None:
            matches = self.by_display.get(text, [])
            if len(matches) > 1:
                raise ValidationError(
                    _("Several people are called “%(name)s”: use the username.") % {"name": text}
                )
            pk = matches[0] if matches else None
        if pk is None:
            raise ValidationError(_("No active user “%(name)s”.") % {"name": text})
        if self.assignable is not None and pk not in self.assignable:
            raise ValidationError(_("You may not give records to %(name)s.") % {"name": self.names[pk]})
        return pk


def clean_cells(row: SourceRow, cleaners: Mapping[str, Cleaner], required: Iterable[str]) -> CheckedRow:
    """Clean each mapped cell; blank cells are left out of ``data`` (so an update keeps the old value)."""
    checked = CheckedRow(line=row.line, data={})
    assert checked.data is not None
    for key in required:
        if not row.values.get(key, "").strip():
            checked.fail(key, _("This field is required."))
    for key, raw in row.values.items():
        if not raw or key not in cleaners:
            continue
        try:
            checked.data[key] = cleaners[key](raw)
        except ValidationError as exc:
            checked.fail(key, " ".join(str(m) for m in exc.messages))
    return checked


def in_file_duplicate(seen: dict[Any, int], key: Any, line: int) -> int | None:
    """The earlier line with this key, else remember this one."""
    if key in (None, ""):
        return None
    earlier = seen.get(key)
    if earlier is None:
        seen[key] = line
    return earlier
