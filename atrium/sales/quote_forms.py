"""Forms of quotes: a version's validity, terms and version counter, and its lines as a formset (a product of
the catalogue or free text; empty rows are left out). The service checks every value; a refusal of a line goes
beside that line's field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from atrium.core.errors import ValidationFailed
from atrium.core.form_submit import place_row_errors
from atrium.customers.forms.parsing import PickField
from atrium.sales.models import Product

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LINE_FIELDS = ("product", "description", "unit", "quantity", "unit_price", "discount_percent", "tax_rate")


class QuoteVersionForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=120, required=False)
    valid_until = forms.DateField(label=gettext_lazy("Valid until"), required=False, widget=DATE)
    terms = forms.CharField(
        label=gettext_lazy("Terms"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class QuoteLineForm(forms.Form):
    product = PickField(label=gettext_lazy("Product"))
    description = forms.CharField(label=gettext_lazy("Item"), max_length=200, required=False)
    unit = forms.CharField(label=gettext_lazy("Unit"), max_length=12, required=False)
    quantity = forms.CharField(label=gettext_lazy("Quantity"), max_length=20, required=False)
    unit_price = forms.CharField(label=gettext_lazy("Unit price"), max_length=20, required=False)
    discount_percent = forms.CharField(label=gettext_lazy("Discount (%)"), max_length=8, required=False)
    tax_rate = forms.CharField(label=gettext_lazy("Tax rate (%)"), max_length=8, required=False)

    def is_blank(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not any(str(data.get(name) or "").strip() for name in LINE_FIELDS)


LineFormSet = formset_factory(QuoteLineForm, extra=3, max_num=200, absolute_max=200)


def product_choices() -> list[tuple[str, str]]:
    rows = Product.objects.filter(is_active=True).order_by("category", "name")[:1000]
    return [(str(p.pk), f"{p.name}（{p.unit}）") for p in rows]


def line_formset(data: Any = None, initial: list[dict[str, Any]] | None = None) -> Any:
    formset = LineFormSet(data, initial=initial, prefix="lines")
    choices = product_choices()
    for form in formset.forms:
        form.fields["product"].offer(choices)  # type: ignore[attr-defined]
    return formset


def lines_of(formset: Any) -> list[dict[str, Any]]:
    """The filled rows as the service takes them (in order; blank rows left out)."""
    rows = []
    for form in formset.forms:
        if form.is_valid() and not form.is_blank():
            rows.append({name: form.cleaned_data.get(name) for name in LINE_FIELDS})
    return rows


def initial_lines(version: Any) -> list[dict[str, Any]]:
    return [
        {
            "product": str(line.product_id or ""),
            "description": line.description,
            "unit": line.unit,
            "quantity": f"{line.quantity.normalize():f}",
            "unit_price": f"{line.unit_price:f}",
            "discount_percent": f"{line.discount_percent.normalize():f}",
            "tax_rate": f"{line.tax_rate.normalize():f}",
        }
        for line in version.lines.order_by("position")
    ]


def place_line_errors(formset: Any, error: ValidationFailed) -> ValidationFailed:
    """Put ``lines.<n>.<field>`` messages beside that row's field (n counts the filled rows); what remains
    (other fields, the overall message) goes back to the page's form."""
    filled = [form for form in formset.forms if form.is_valid() and not form.is_blank()]
    message = _("Some lines need correcting: see the messages beside them.")
    return place_row_errors(filled, error, "lines", message)


class QuoteSendForm(forms.Form):
    contact = PickField(label=gettext_lazy("To"), blank=False)
    message = forms.CharField(
        label=gettext_lazy("Message"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def offer(self, customer: Any) -> QuoteSendForm:
        from atrium.customers.models import Contact

        contacts = (
            Contact.objects.filter(customer=customer).exclude(email="").order_by("-is_primary", "pk")[:50]
        )
        self.fields["contact"].offer([(str(c.pk), f"{c.name} <{c.email}>") for c in contacts])  # type: ignore[attr-defined]
        return self
