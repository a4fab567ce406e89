"""The first-run checklist on the home page: shown to people who set the company up, each step ticked by the
data it stands for, gone when all are done."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from atrium.accounts.models import Department, Role, User
from atrium.imports.models import ImportJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_admin(db):
    """The first person of a fresh company: an administrator, alone, with nothing set up."""
    user = User.objects.create_user(username="boss", email="boss@example.com", password="x")
    user.roles.set([Role.objects.get(code="admin")])
    client = Client()
    client.force_login(user)
    return user, client


def _steps(client) -> dict[str, bool] | None:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    panel = next((p for p in response.context["panels"] if p["key"] == "first_run"), None)
    if panel is None:
        assert 'data-testid="first-run"' not in response.content.decode()
        return None
    body = response.content.decode()
    for step in panel["steps"]:
        mark = f'data-testid="first-run-{step["key"]}" data-done="{"yes" if step["done"] else "no"}"'
        assert mark in body
    return {step["key"]: step["done"] for step in panel["steps"]}


def _import_job(user, **fields) -> ImportJob:
    values = {
        "kind": "customers",
        "original_name": "客户.xlsx",
        "status": ImportJob.Status.DONE,
        "imported": 3,
    }
    return ImportJob.objects.create(created_by=user, **{**values, **fields})


def test_the_steps_tick_themselves_as_the_company_is_set_up(new_admin):
    admin, client = new_admin
    assert _steps(client) == {"departments": False, "people": False, "roles": False, "customers": False}

    sales = Department.objects.create(name="销售部")
    assert _steps(client) == {"departments": True, "people": False, "roles": False, "customers": False}

    colleague = User.objects.create_user(username="li", department=sales, password="x")
    assert _steps(client) == {"departments": True, "people": True, "roles": False, "customers": False}

    colleague.roles.set([Role.objects.get(code="sales_rep")])
    assert _steps(client) == {"departments": True, "people": True, "roles": True, "customers": False}

    _import_job(admin, status=ImportJob.Status.INVALID, imported=0)  # refused: nothing imported
    _import_job(admin, kind="leads")  # leads are not customers
    assert _steps(client)["customers"] is False

    _import_job(admin)
    assert _steps(client) is None  # all done: the checklist goes away


def test_people_who_left_and_clients_do_not_count_as_colleagues(new_admin):
    _admin, client = new_admin
    User.objects.create_user(username="gone", is_active=False, password="x")
    User.objects.create_user(username="client", is_external=True, password="x")
    assert _steps(client)["people"] is False


def test_a_deactivated_role_does_not_count(new_admin):
    _admin, client = new_admin
    role = Role.objects.create(code="old", name="旧角色", is_active=False)
    User.objects.create_user(username="li", password="x").roles.set([role])
    assert _steps(client)["roles"] is False


def test_each_step_links_to_the_page_that_does_it(new_admin):
    _admin, client = new_admin
    body = client.get(reverse("home")).content.decode()
    for url in (
        reverse("accounts:departments"),
        reverse("accounts:user_new"),
        reverse("accounts:users"),
        reverse("imports:new") + "?kind=customers",
        reverse("help:topic", args=["roles"]),
        reverse("help:topic", args=["import"]),
    ):
        assert f'href="{url}"' in body


@pytest.mark.parametrize("who", ["manager", "sales1", "pm", "member", "client", "outsider"])
def test_only_people_who_manage_users_and_roles_see_it(client_as, personas, who):
    assert _steps(client_as(who)) is None


def test_the_demo_company_s_admin_sees_only_the_import_left(client_as, personas):
    assert _steps(client_as("admin")) == {
        "departments": True,
        "people": True,
        "roles": True,
        "customers": False,
    }
