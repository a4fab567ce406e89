"""Forms of contracts: a contract (new, with its payment plan; edit, with the version), the plan as a formset
(empty rows left out), a payment with one allocation field per open instalment, an invoice, a status change.
The services check every value; the forms offer the choices and hand over plain dicts."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from atrium.contracts.models import InvoiceKind, PaymentMethod
from atrium.core.access import people_reached, scope_of
from atrium.core.errors import ValidationFailed
from atrium.core.form_submit import place_row_errors
from atrium.customers.forms.parsing import PickField, data_of
from atrium.customers.models import Contact
from atrium.fields.record_forms import CustomFieldsForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PLAN_FIELDS = ("id", "name", "percent", "amount", "due_on", "note")


class ContractForm(CustomFieldsForm):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=120)
    amount = forms.CharField(label=gettext_lazy("Amount (¥)"), max_length=24)
    party_a = forms.CharField(label=gettext_lazy("Party A (client)"), max_length=120)
    party_b = forms.CharField(label=gettext_lazy("Party B (us)"), max_length=120)
    contact = PickField(label=gettext_lazy("Client's contact"))
    signed_on = forms.DateField(label=gettext_lazy("Signed on"), required=False, widget=DATE)
    starts_on = forms.DateField(label=gettext_lazy("Starts"), required=False, widget=DATE)
    ends_on = forms.DateField(label=gettext_lazy("Ends"), required=False, widget=DATE)
    owner = PickField(label=gettext_lazy("Owner"), blank=False)
    terms = forms.CharField(
        label=gettext_lazy("Terms"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    fields_for_service = (
        "title",
        "amount",
        "party_a",
        "party_b",
        "contact",
        "signed_on",
        "starts_on",
        "ends_on",
        "owner",
        "terms",
    )

    def offer(self, user: Any, customer_id: int, owner: Any) -> ContractForm:
        contacts = Contact.objects.filter(customer_id=customer_id).order_by("-is_primary", "pk")[:50]
        self.fields["contact"].offer([(str(c.pk), f"{c.name} {c.title}".strip()) for c in contacts])  # type: ignore[attr-defined]
        people = {p.pk: p.name for p in people_reached(user, scope_of(user, "contract", "assign"))}
        people.setdefault(user.pk, user.name)
        if owner is not None:
            people.setdefault(owner.pk, owner.name)
        self.fields["owner"].offer(sorted(((str(k), v) for k, v in people.items()), key=lambda c: c[1]))  # type: ignore[attr-defined]
        return self

    def values(self) -> dict[str, Any]:
        data = data_of(self, self.fields_for_service)
        custom = self.custom_values()
        if custom is not None:
            data["custom"] = custom
        return data


class ContractNewForm(ContractForm):
    sign = forms.BooleanField(
        label=gettext_lazy("Signed: the plan adds up and the contract takes effect"), required=False
    )


class ContractEditForm(ContractForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class PlanForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class InstalmentForm(forms.Form):
    id = forms.CharField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=gettext_lazy("Instalment"), max_length=60, required=False)
    percent = forms.CharField(label=gettext_lazy("Percent"), max_length=8, required=False)
    amount = forms.CharField(label=gettext_lazy("Amount (¥)"), max_length=24, required=False)
    due_on = forms.DateField(label=gettext_lazy("Due date"), required=False, widget=DATE)
    note = forms.CharField(label=gettext_lazy("Note"), max_length=200, required=False)

    def is_blank(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not any(str(data.get(name) or "").strip() for name in PLAN_FIELDS if name != "id")


InstalmentFormSet = formset_factory(InstalmentForm, extra=2, max_num=36, absolute_max=36)


def plan_formset(data: Any = None, initial: list[dict[str, Any]] | None = None) -> Any:
    # Every row is read as typed, the offered ones too (an unchanged offered row is still part of the plan).
    return InstalmentFormSet(data, initial=initial, prefix="plan", form_kwargs={"empty_permitted": False})


def plan_rows(formset: Any) -> list[dict[str, Any]]:
    return [
        {name: form.cleaned_data.get(name) for name in PLAN_FIELDS}
        for form in formset.forms
        if form.is_valid() and not form.is_blank()
    ]


def usual_plan_rows(start: datetime.date) -> list[dict[str, Any]]:
    from atrium.contracts.services.plans import USUAL_PLAN

    return [
        {
            "name": name,
            "percent": f"{percent.normalize():f}",
            "due_on": start + datetime.timedelta(days=30 * i),
        }
        for i, (name, percent) in enumerate(USUAL_PLAN)
    ]


def initial_plan(instalments: Any) -> list[dict[str, Any]]:
    return [
        {
            "id": str(i.pk),
            "name": i.name,
            "percent": "" if i.percent is None else f"{i.percent.normalize():f}",
            "amount": f"{i.amount:f}",
            "due_on": i.due_on,
            "note": i.note,
        }
        for i in instalments
    ]


def place_plan_errors(formset: Any, error: ValidationFailed) -> ValidationFailed:
    """``instalments.<n>.<field>`` beside that row's field (n counts the filled rows); the rest on the page."""
    filled = [form for form in formset.forms if form.is_valid() and not form.is_blank()]
    message = _("Some instalments need correcting: see the messages beside them.")
    return place_row_errors(filled, error, "instalments", message)


class PaymentForm(forms.Form):
    amount = forms.CharField(label=gettext_lazy("Amount (¥)"), max_length=24)
    received_on = forms.DateField(label=gettext_lazy("Received on"), widget=DATE)
    method = forms.ChoiceField(label=gettext_lazy("Method"), choices=PaymentMethod.choices)
    reference = forms.CharField(
        label=gettext_lazy("Reference (bank slip, transaction no.)"), max_length=64, required=False
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=200, required=False)
    overpayment_note = forms.CharField(
        label=gettext_lazy("Overpayment note"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Only when more than is due was received: say why."),
    )
    receipt = forms.FileField(label=gettext_lazy("Receipt"), required=False)

    def offer(self, instalments: list[Any]) -> PaymentForm:
        from atrium.sales.list_columns import yuan

        self.instalments = [i for i in instalments if i.balance > 0]
        for instalment in self.instalments:
            self.fields[f"alloc_{instalment.pk}"] = forms.CharField(
                label=_("%(name)s (still %(balance)s)")
                % {"name": instalment.name, "balance": yuan(instalment.balance)},
                max_length=24,
                required=False,
            )
        return self

    def allocation_fields(self) -> list[Any]:
        return [self[f"alloc_{i.pk}"] for i in self.instalments]

    def values(self) -> dict[str, Any]:
        data = data_of(self, ("amount", "received_on", "method", "reference", "note", "overpayment_note"))
        allocations = [
            {"instalment": i.pk, "amount": self.cleaned_data.get(f"alloc_{i.pk}")}
            for i in self.instalments
            if str(self.cleaned_data.get(f"alloc_{i.pk}") or "").strip()
        ]
        data["allocations"] = allocations
        return data


class InvoiceForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("Invoice number"), max_length=32)
    kind = forms.ChoiceField(label=gettext_lazy("Type"), choices=InvoiceKind.choices)
    amount = forms.CharField(label=gettext_lazy("Amount (¥)"), max_length=24)
    issued_on = forms.DateField(label=gettext_lazy("Issued on"), widget=DATE)
    note = forms.CharField(label=gettext_lazy("Note"), max_length=200, required=False)


class StatusForm(forms.Form):
    status = forms.CharField(max_length=12)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


def place_allocation_errors(form: PaymentForm, error: ValidationFailed) -> ValidationFailed:
    """``allocations.<n>.amount`` beside the n-th filled allocation field; the rest stays with the form."""
    filled = [i for i in form.instalments if str(form.cleaned_data.get(f"alloc_{i.pk}") or "").strip()]
    rest: dict[str, list[str]] = {}
    for name, messages in error.fields.items():
        parts = name.split(".")
        if (
            parts[0] == "allocations"
            and len(parts) >= 2
            and parts[1].isdigit()
            and 0 < int(parts[1]) <= len(filled)
        ):
            rest[f"alloc_{filled[int(parts[1]) - 1].pk}"] = list(messages)
        else:
            rest[name] = list(messages)
    return ValidationFailed(rest, error.message)
