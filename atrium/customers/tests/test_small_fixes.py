"""Small defects a new user hit: the customer page's delete button, the role matrix's accessible names, the
language switch naming each language in itself, the settings page's buttons."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

from atrium.accounts.models import Role, RoleGrant
from atrium.customers.models import Customer
from atrium.customers.services import customer_create

pytestmark = pytest.mark.django_db


def new_customer(actor) -> Customer:
    return customer_create(actor=actor, data={"name": "星河湾", "type": "company"}, force=True)


def test_the_customer_page_offers_delete_only_with_the_delete_right_and_confirms_first(client_as, personas):
    customer = new_customer(personas.sales1)
    detail = reverse("customers:detail", args=[customer.pk])
    assert 'data-testid="delete"' in client_as("admin").get(detail).content.decode()
    RoleGrant.objects.filter(role__code="sales_rep", kind="customer", action="delete").delete()
    assert 'data-testid="delete"' not in client_as("sales1").get(detail).content.decode()
    form = {"list_key": "customers", "action": "delete", "ids": str(customer.pk)}
    asked = client_as("admin").post(reverse("customers:bulk"), form)
    assert asked.status_code == 200 and Customer.objects.filter(pk=customer.pk).exists()
    done = client_as("admin").post(reverse("customers:bulk"), {**form, "confirm": "yes"})
    assert done.status_code == 302 and not Customer.objects.filter(pk=customer.pk).exists()


def test_the_role_matrix_selects_have_accessible_names(client_as):
    role = Role.objects.get(code="sales_rep")
    html = client_as("admin").get(reverse("accounts:role_detail", args=[role.pk])).content.decode()
    selects = re.findall(r"<select[^>]*>", html)
    assert len(selects) > 20
    assert all('aria-label="' in tag for tag in selects)
    assert 'aria-label="客户 · 查看"' in html


def test_the_language_switch_names_each_language_in_itself(client_as):
    chinese = client_as("sales1").get("/").content.decode()
    assert ">English</button>" in chinese and "英语" not in chinese
    english = client_as("sales1").get("/", headers={"accept-language": "en"}).content.decode()
    assert ">简体中文</button>" in english


def test_the_settings_buttons_do_not_wrap(client_as):
    css = (settings.BASE_DIR / "atrium" / "static" / "atrium" / "app.css").read_text(encoding="utf-8")
    assert re.search(r"\.btn \{[^}]*white-space: nowrap", css)
    assert (
        'data-testid="option-rename"'
        in client_as("admin").get(reverse("customers:settings")).content.decode()
    )
