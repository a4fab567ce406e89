"""Homes of people whose modules are still to come: the client (external) sees their account and a short
explanation, never the company's directory, search or API tokens; staff without customer rights (pm, member)
see what they can use today; sales keep their work home."""

from __future__ import annotations

import pytest

from atrium.accounts.default_roles import BUILT_IN_ROLES
from atrium.accounts.models import Role, RoleGrant

pytestmark = pytest.mark.django_db


def test_the_client_home_shows_their_account_and_what_is_coming(client_as, personas):
    html = client_as("client").get("/").content.decode()
    assert "您的项目房间开放后会显示在这里" in html
    assert "赵女士" in html and "client@customer.example" in html and 'href="/me/"' in html
    assert 'data-testid="global-search"' not in html  # no search box
    assert 'href="/me/tokens/"' not in html  # no API-token page
    assert 'href="/settings/users/"' not in html and 'data-nav="admin_' not in html  # no directory


def test_the_client_reaches_no_directory_no_search_and_no_tokens(client_as, api_as, personas):
    page, api = client_as("client"), api_as("client")
    assert page.get("/search/", {"q": "张"}).status_code == 404
    assert api.get("/api/v1/search", {"q": "张"}).status_code == 404
    assert page.get("/settings/users/").status_code == 403
    assert page.get("/settings/departments/").status_code == 403
    assert api.get("/api/v1/users").status_code == 403
    assert api.get("/api/v1/departments").status_code == 403
    assert api.get(f"/api/v1/users/{personas.sales1.pk}").status_code == 404
    assert page.get("/me/tokens/").status_code == 403
    assert page.post("/me/tokens/new", {"name": "脚本"}).status_code == 403
    assert api.get("/api/v1/tokens").status_code == 403
    assert api.get("/api/v1/me").status_code == 200  # their own account stays theirs
    assert page.get("/me/").status_code == 200


def test_the_client_role_grants_nothing_of_the_company():
    grants = RoleGrant.objects.filter(role__code="client").values_list("kind", flat=True)
    assert not set(grants) & {"user", "department", "role", "operation_log"}


def test_a_client_granted_api_tokens_gets_the_page(client_as, personas):
    role = Role.objects.get(code="client")
    RoleGrant.objects.create(role=role, kind="api_token", action="create", scope=3)
    page = client_as("client")
    assert page.get("/me/tokens/").status_code == 200
    assert 'href="/me/tokens/"' in page.get("/").content.decode()


def test_staff_keep_api_tokens_without_a_grant(client_as, personas):
    assert client_as("member").get("/me/tokens/").status_code == 200
    assert client_as("sales1").get("/api/v1/search", {"q": "张"}).status_code == 200


@pytest.mark.parametrize("who", ["pm", "member"])
def test_staff_without_customer_rights_see_what_they_can_use_today(client_as, personas, who):
    html = client_as(who).get("/").content.decode()
    assert "您的任务和项目即将上线" in html and "现在可以使用" in html
    assert 'href="/notifications/"' in html and 'href="/me/"' in html
    assert 'data-testid="directory-link"' in html  # their role lets them view the directory
    assert 'data-testid="global-search"' not in html  # nothing they may see is searched


def test_staff_without_the_directory_are_not_offered_it(client_as, personas):
    RoleGrant.objects.filter(role__code="team_member", kind="user").delete()
    html = client_as("member").get("/").content.decode()
    assert "现在可以使用" in html and 'data-testid="directory-link"' not in html


def test_sales_keep_their_work_home(client_as, personas):
    html = client_as("sales1").get("/").content.decode()
    assert "即将上线" not in html and 'data-testid="global-search"' in html


def test_role_descriptions_promise_only_what_exists():
    for code in ("project_manager", "team_member", "client"):
        description = Role.objects.get(code=code).description
        assert description == BUILT_IN_ROLES[code][1]
        assert "上线后" in description or "开放后" in description  # what is to come is said to be coming
