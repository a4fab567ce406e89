"""Fields shared by the customer forms: lists whose values the services check, tags typed as one line."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

EMPTY_CHOICE = ("", "—")
_TAG_SEPARATORS = re.compile(r"[,，;；、\n]+")


class PickField(forms.CharField):
    """A value picked from a select. The form does not refuse values outside the list: the service does, with
    the message shown beside the field (so pages, API and import say the same thing)."""

    widget = forms.Select

    def __init__(self, *, choices: Iterable[tuple[str, Any]] = (), blank: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.blank = blank
        self.offer(choices)

    def offer(self, choices: Iterable[tuple[str, Any]]) -> None:
        self.widget.choices = [EMPTY_CHOICE, *choices] if self.blank else list(choices)


class TagsField(forms.CharField):
    """Tags typed on one line, separated by , ， ; or 、 → a list without blanks or repeats."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("Separate tags with a comma or 、"))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "、".join(str(v) for v in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return list(dict.fromkeys(t.strip() for t in _TAG_SEPARATORS.split(text) if t.strip()))


class LocalDateTimeField(forms.DateTimeField):
    """A date and time typed in the browser's datetime-local input (or by hand as 2025-03-01 14:30)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        )
        kwargs.setdefault(
            "input_formats", ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"]
        )
        super().__init__(**kwargs)


def data_of(form: forms.Form, names: Iterable[str]) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}
