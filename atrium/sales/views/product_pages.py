"""The settings centre's product catalogue (产品与服务): the list is the engine's (``product_lists``); here the
new and edit forms (through ``submit_form``: refusals beside their field with 400, a stale version 409) and the
removal (quote lines that used the product keep their own description, unit and price)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from atrium.core.access import can, require
from atrium.core.form_submit import run_action, submit_form
from atrium.sales.models import Product
from atrium.sales.services.quotes import product_create, product_delete, product_update

FIELDS = ("name", "category", "unit", "unit_price", "tax_rate", "is_active", "description")


class ProductForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=120)
    category = forms.CharField(label=gettext_lazy("Category"), max_length=60, required=False)
    unit = forms.CharField(label=gettext_lazy("Unit"), max_length=12, initial="项")
    unit_price = forms.CharField(label=gettext_lazy("Unit price (¥)"), max_length=24, initial="0")
    tax_rate = forms.CharField(label=gettext_lazy("Tax rate (%)"), max_length=8, initial="9")
    is_active = forms.BooleanField(label=gettext_lazy("In use"), required=False, initial=True)
    description = forms.CharField(
        label=gettext_lazy("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in FIELDS}


class ProductEditForm(ProductForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


def _list_url() -> str:
    return reverse("sales:products")


@login_required
def product_new(request: HttpRequest) -> HttpResponse:
    require(request.user, "product", "create")
    form = ProductForm(request.POST or None)
    return submit_form(
        request,
        form,
        lambda _data: product_create(actor=request.user, data=form.values()),
        success=lambda p: _("%(name)s was added to the catalogue.") % {"name": p.name},
        redirect=_list_url(),
        template="sales/products/form.html",
        context={"form": form},
        allowed=lambda: require(request.user, "product", "create"),
    )


@login_required
def product_edit(request: HttpRequest, product_id: int) -> HttpResponse:
    require(request.user, "product", "view")
    product = get_object_or_404(Product, pk=product_id)
    initial = {name: getattr(product, name) for name in FIELDS}
    initial.update(
        unit_price=f"{product.unit_price:.2f}",
        tax_rate=f"{product.tax_rate.normalize():f}",
        version=product.version,
    )
    form = ProductEditForm(request.POST or None, initial=initial)
    can_edit = can(request.user, "product", "edit")
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    return submit_form(
        request,
        form,
        lambda data: product_update(
            actor=request.user, product=product, data=form.values(), version=data["version"]
        ),
        success=_("The product was saved."),
        redirect=_list_url(),
        template="sales/products/form.html",
        context={
            "form": form,
            "product": product,
            "can_edit": can_edit,
            "can_delete": can(request.user, "product", "delete"),
        },
        stale_banner=True,
        allowed=lambda: require(request.user, "product", "edit"),
    )


@login_required
@require_POST
def product_delete_view(request: HttpRequest, product_id: int) -> HttpResponse:
    require(request.user, "product", "delete")
    product = get_object_or_404(Product, pk=product_id)
    return run_action(
        request,
        lambda: product_delete(actor=request.user, product=product),
        success=_("%(name)s was removed from the catalogue.") % {"name": product.name},
        redirect=_list_url(),
    )
