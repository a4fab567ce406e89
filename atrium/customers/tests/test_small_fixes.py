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
        in client_as("admin").get(reverse("fields:choice_list", args=["industry"])).content.decode()
    )


def test_a_landline_keeps_its_dash_and_two_spellings_of_one_number_match(personas):
    from atrium.core.search import search_filter
    from atrium.customers.services import DuplicateFound

    typed = customer_create(actor=personas.sales1, data={"name": "城东门店", "phone": "0755 8888 6666"})
    assert typed.phone == "0755-88886666"
    bare = customer_create(actor=personas.sales1, data={"name": "城西门店", "phone": "01066668888"})
    assert bare.phone == "010-66668888"
    with pytest.raises(DuplicateFound):  # the same digits, written otherwise, are the same number
        customer_create(actor=personas.sales2, data={"name": "另一家", "phone": "(010)6666-8888"})
    for query in ("01066668888", "010-6666", "66668888", "1066"):
        assert list(Customer.objects.filter(search_filter("customer", query))) == [bare], query
    assert list(Customer.objects.filter(search_filter("customer", "07558888"))) == [typed]


def test_numbers_stored_before_as_bare_digits_take_the_dashed_form():
    import importlib

    from django.apps import apps

    from atrium.customers.models import Contact

    customer = Customer.objects.create(name="旧数据客户", phone="02112345678")
    Contact.objects.create(customer=customer, name="旧联系人", phone="4008001234", mobile="13800138000")
    migration = importlib.import_module("atrium.customers.migrations.0008_landlines_keep_their_dash")
    migration.reformat(apps, None)
    customer.refresh_from_db()
    contact = Contact.objects.get(customer=customer)
    assert (customer.phone, contact.phone, contact.mobile) == ("021-12345678", "400-800-1234", "13800138000")
