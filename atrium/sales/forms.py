"""Forms of sales: a deal (new and edit, with the version), the kanban's move (what a won or lost stage
needs), a pipeline and a stage, a stage's removal (where its deals go). The services check every value; the
forms offer the choices and hand over a plain dict."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from atrium.accounts.models import User
from atrium.core.access import people_reached, scope_of
from atrium.customers.forms.parsing import PickField, data_of
from atrium.customers.models import Contact, OptionList
from atrium.fields.choice_options import active_choices
from atrium.fields.record_forms import CustomFieldsForm
from atrium.sales.models import STAGE_COLORS, RequiredField, Stage, StageKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 3})
COLOR_NAMES = {
    "slate": _("Grey"),
    "blue": _("Blue"),
    "teal": _("Teal"),
    "green": _("Green"),
    "amber": _("Amber"),
    "orange": _("Orange"),
    "red": _("Red"),
    "purple": _("Purple"),
}


def stage_choices() -> list[tuple[str, str]]:
    rows = (
        Stage.objects.filter(pipeline__is_active=True)
        .select_related("pipeline")
        .order_by("pipeline__position", "pipeline_id", "position")
    )
    return [(str(s.pk), f"{s.pipeline.name} · {s.name}") for s in rows]


class DealForm(CustomFieldsForm):
    title = forms.CharField(label=_("Title"), max_length=120)
    stage = PickField(label=_("Pipeline and stage"), blank=False)
    amount = forms.CharField(label=_("Amount (¥)"), max_length=24, required=False)
    expected_close = forms.DateField(label=_("Expected close date"), required=False, widget=DATE)
    contacts = forms.TypedMultipleChoiceField(
        label=_("Contacts"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    source = PickField(label=_("Source"))
    lost_reason = PickField(label=_("Lost reason"))
    owner = PickField(label=_("Owner"), blank=False)
    collaborators = forms.TypedMultipleChoiceField(
        label=_("Collaborators"), required=False, coerce=int, widget=forms.SelectMultiple(attrs={"size": 4})
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=TEXTAREA)

    fields_for_service = (
        "title",
        "stage",
        "amount",
        "expected_close",
        "contacts",
        "source",
        "lost_reason",
        "owner",
        "collaborators",
        "notes",
    )

    def offer(self, user: Any, customer: Any, deal: Any = None) -> DealForm:
        current = self.data if self.is_bound else self.initial
        self.fields["stage"].offer(stage_choices())  # type: ignore[attr-defined]
        for name, list_key in (("source", OptionList.SOURCE), ("lost_reason", OptionList.LOST_REASON)):
            choices = active_choices(list_key, keep=str(current.get(name) or ""))
            self.fields[name].offer(choices)  # type: ignore[attr-defined]
        contacts = Contact.objects.filter(customer=customer).order_by("-is_primary", "pk")
        self.fields["contacts"].choices = [  # type: ignore[attr-defined]
            (c.pk, f"{c.name} {c.title}".strip()) for c in contacts[:50]
        ]
        staff = people_reached(user, scope_of(user, "deal", "assign"))
        people = {p.pk: p.name for p in staff}
        people.setdefault(user.pk, user.name)
        if deal is not None:
            people.setdefault(deal.owner_id, deal.owner.name)
        self.fields["owner"].offer(sorted(((str(k), v) for k, v in people.items()), key=lambda c: c[1]))  # type: ignore[attr-defined]
        colleagues = User.objects.filter(is_active=True, is_external=False).order_by("pk")[:500]
        self.fields["collaborators"].choices = [  # type: ignore[attr-defined]
            (p.pk, p.name) for p in colleagues if p.pk != user.pk
        ]
        return self

    def values(self) -> dict[str, Any]:
        data = data_of(self, self.fields_for_service)
        custom = self.custom_values()
        if custom is not None:
            data["custom"] = custom
        return data


class DealEditForm(DealForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class MoveForm(forms.Form):
    """The kanban's drop on a stage: the version read, and what the stage asks for."""

    stage = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    lost_reason = PickField(label=_("Lost reason"))
    amount = forms.CharField(label=_("Amount (¥)"), max_length=24, required=False)
    expected_close = forms.DateField(label=_("Expected close date"), required=False, widget=DATE)

    def offer(self) -> MoveForm:
        self.fields["lost_reason"].offer(active_choices(OptionList.LOST_REASON))  # type: ignore[attr-defined]
        return self

    def extra(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data.get(name)
            for name in ("lost_reason", "amount", "expected_close")
            if self.cleaned_data.get(name) not in (None, "")
        }


class PipelineForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class PipelineEditForm(PipelineForm):
    accepted_quote_stage = PickField(
        label=_("An accepted quote moves the deal to"),
        help_text=_("Empty: accepting a quote moves nothing by itself."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def offer(self, pipeline: Any) -> PipelineEditForm:
        stages = Stage.objects.filter(pipeline=pipeline).order_by("position")
        self.fields["accepted_quote_stage"].offer([(str(s.pk), s.name) for s in stages])  # type: ignore[attr-defined]
        return self


class StageForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=40)
    probability = forms.CharField(label=_("Win probability (%)"), max_length=3, initial="0")
    kind = PickField(label=_("Kind"), choices=StageKind.choices, blank=False)
    color = PickField(label=_("Colour"), choices=[(c, COLOR_NAMES[c]) for c in STAGE_COLORS], blank=False)
    required_fields = forms.MultipleChoiceField(
        label=_("Needed to enter"),
        required=False,
        choices=RequiredField.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def values(self) -> dict[str, Any]:
        return data_of(self, ("name", "probability", "kind", "color", "required_fields"))


class StageEditForm(StageForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class StageDeleteForm(forms.Form):
    move_to = PickField(label=_("Move its deals to"))

    def offer(self, stage: Stage) -> StageDeleteForm:
        others = Stage.objects.filter(pipeline_id=stage.pipeline_id).exclude(pk=stage.pk)
        self.fields["move_to"].offer([(str(s.pk), s.name) for s in others.order_by("position")])  # type: ignore[attr-defined]
        return self
