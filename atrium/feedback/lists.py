"""The feedback list (用户反馈) on the list engine: admins see everyone's with status, type and sender; each
person sees their own (the access layer's scope). Newest first."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from atrium.feedback.models import Feedback
from atrium.feedback.selectors import feedback_listed
from atrium.lists.cells import Cell, choice_cell, detail_url, person_cell
from atrium.lists.filters import ChoiceFilter, TextFilter
from atrium.lists.specs import Column, register_list


def _summary(row: Feedback) -> Cell:
    return Cell(text=str(row), link=detail_url("feedback:detail", row.pk))


def _choices(choices):
    return lambda user: [(value, label) for value, label in choices]


FEEDBACK = register_list(
    key="feedback",
    kind="feedback",
    title=_("Feedback"),
    queryset=feedback_listed,
    columns=[
        Column(
            "text", pgettext_lazy("feedback", "Content"), cell=_summary, export=lambda: lambda row: row.text
        ),
        Column("category", _("Type"), cell=choice_cell("category")),
        Column("status", _("Status"), cell=choice_cell("status")),
        Column("owner", _("Sent by"), cell=person_cell("owner"), export=lambda: lambda row: row.owner.name),
        Column("created_at", _("Sent at"), sort="id", index="pk"),
        Column("answered_at", _("Answered at")),
    ],
    filters=[
        TextFilter(
            name="q", label=_("Search"), fields=("text", "answer"), placeholder=_("Words in the feedback")
        ),
        ChoiceFilter(
            name="status",
            label=_("Status"),
            field="status",
            options=_choices(Feedback.Status.choices),
            empty_label=_("All statuses"),
        ),
        ChoiceFilter(
            name="category",
            label=_("Type"),
            field="category",
            options=_choices(Feedback.Category.choices),
            empty_label=_("All types"),
        ),
    ],
    default_sort="-created_at",
    default_columns=["text", "category", "status", "owner", "created_at", "answered_at"],
    url_name="feedback:list",
    new_url_name="feedback:new",
    new_label=_("Send feedback"),
    empty_text=_("No feedback yet."),
    filtered_empty_text=_("No feedback matches these filters."),
)
