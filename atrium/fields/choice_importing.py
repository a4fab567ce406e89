"""The choice lists (选项列表) in imports: a list as the option source of a select field (values of a file that are
not in the list can be mapped to a listed one, or added through the list's service by who may manage it), and a
cleaner taking an active option by its stored value or its name, without regard to case."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from atrium.core.access import can
from atrium.fields.choice_lists import choice_list
from atrium.fields.choice_options import active_values, options_of
from atrium.fields.choice_services import choice_option_add


@dataclass(frozen=True)
class ChoiceListSource:
    list_key: str

    def values(self) -> set[str]:
        return active_values(self.list_key)

    def can_add(self, actor: Any) -> bool:
        found = choice_list(self.list_key)
        return found is not None and can(actor, found.kind, "edit")

    def add(self, actor: Any, value: str) -> str:
        return choice_option_add(actor=actor, list_key=self.list_key, label=value).value


def choice_list_cleaner(
    list_key: str, mapped: Mapping[str, str] | None = None, *, tidy: Callable[[str], str] | None = None
) -> Callable[[str], str]:
    """A cell naming an active option of the list by its value or name (``mapped``: the file's values the
    importer mapped to a listed one; ``tidy``: more spellings, e.g. "A级" for the level A)."""
    active = [o for o in options_of(list_key) if not o.is_retired]
    by_text: dict[str, str] = {}
    for option in active:
        by_text.setdefault(option.value.casefold(), option.value)
        by_text.setdefault(option.label.casefold(), option.value)
    values = {o.value for o in active}
    for raw, chosen in (mapped or {}).items():
        if chosen in values:
            by_text.setdefault(raw.strip().casefold(), chosen)
    names = "、".join(o.label for o in active)

    def clean(raw: str) -> str:
        text = raw.strip()
        value = by_text.get(text.casefold())
        if value is None and tidy is not None:
            value = by_text.get(tidy(text).casefold())
        if value is None:
            raise ValidationError(
                _("“%(value)s” is not in the list. Choose one of: %(choices)s.")
                % {"value": raw, "choices": names}
            )
        return value

    return clean
