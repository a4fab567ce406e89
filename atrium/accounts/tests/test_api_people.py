"""REST API of users, departments and roles: cursor pages, filters, writes for admins only, JSON errors,
409 on stale versions, 403/404 for the other personas, no N+1."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from atrium.accounts.models import Department, Role, User
from atrium.accounts.services import user_create
from atrium.core.models import OperationLog

pytestmark = pytest.mark.django_db
STRONG = "Zc!9-safe-passphrase"


def send(client, method: str, url: str, body: dict | None = None):
    call = getattr(client, method)
    return call(url, data=json.dumps(body or {}), content_type="application/json")


# Users -----------------------------------------------------------------------------------------------------


def test_admin_lists_users_with_filters_and_cursor_pages(api_as, personas):
    api = api_as("admin")
    first = api.get("/api/v1/users", {"limit": 3}).json()
    assert [u["username"] for u in first["items"]] == ["admin", "client", "manager"]
    assert first["items"][0]["roles"] == [{"id": Role.objects.get(code="admin").pk, "name": "系统管理员"}]
    second = api.get("/api/v1/users", {"limit": 3, "cursor": first["next_cursor"]}).json()
    assert [u["username"] for u in second["items"]] == ["member", "outsider", "pm"]
    sales = Department.objects.get(name="销售部")
    below = api.get("/api/v1/users", {"department": sales.pk}).json()
    assert {u["username"] for u in below["items"]} == {"manager", "sales1", "sales2"}
    assert below["next_cursor"] is None
    by_role = api.get("/api/v1/users", {"role": Role.objects.get(code="sales_rep").pk}).json()
    assert {u["username"] for u in by_role["items"]} == {"sales1", "sales2"}
    assert [u["username"] for u in api.get("/api/v1/users", {"q": "李"}).json()["items"]] == ["sales1"]
    newest = api.get("/api/v1/users", {"ordering": "-id", "limit": 1}).json()
    assert newest["items"][0]["username"] == "outsider"


def test_bad_list_parameters_answer_json_errors(api_as, personas):
    api = api_as("admin")
    assert api.get("/api/v1/users", {"limit": 201}).status_code == 422
    response = api.get("/api/v1/users", {"cursor": "garbage"})
    assert response.status_code == 400 and "cursor" in response.json()["fields"]


def test_admin_creates_a_user(api_as, personas):
    department = Department.objects.get(name="销售一部")
    body = {
        "username": "zhou",
        "display_name": "周杰",
        "email": "zhou@zhucheng.example",
        "department_id": department.pk,
        "role_ids": [Role.objects.get(code="sales_rep").pk],
        "password": STRONG,
    }
    response = send(api_as("admin"), "post", "/api/v1/users", body)
    assert response.status_code == 201
    data = response.json()
    assert (data["username"], data["department"]["name"], data["version"]) == ("zhou", "销售一部", 1)
    assert User.objects.get(username="zhou").check_password(STRONG)


def test_create_errors_are_json_per_field_and_save_nothing(api_as, personas):
    api = api_as("admin")
    users = User.objects.count()
    duplicate = send(api, "post", "/api/v1/users", {"username": "sales1", "email": "bad", "phone": "1"})
    assert duplicate.status_code == 400
    body = duplicate.json()
    assert body["code"] == "invalid" and {"username", "email", "phone"} <= set(body["fields"])
    unknown = send(api, "post", "/api/v1/users", {"username": "zhou", "is_superuser": True})
    assert unknown.status_code == 422 and "is_superuser" in unknown.json()["fields"]
    assert User.objects.count() == users


def test_patch_takes_the_version_and_a_stale_one_conflicts(api_as, personas):
    api = api_as("admin")
    url = f"/api/v1/users/{personas.sales1.pk}"
    ok = send(api, "patch", url, {"version": 1, "display_name": "李明明", "phone": "139 1111 2222"})
    assert ok.status_code == 200 and (ok.json()["phone"], ok.json()["version"]) == ("13911112222", 2)
    stale = send(api, "patch", url, {"version": 1, "display_name": "别人"})
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    assert api.get(url).json()["display_name"] == "李明明"
    assert send(api, "patch", url, {"display_name": "x"}).status_code == 422  # the version is required


def test_deactivate_reactivate_roles_and_password(api_as, personas):
    api = api_as("admin")
    base = f"/api/v1/users/{personas.sales2.pk}"
    assert send(api, "post", f"{base}/deactivate").json()["is_active"] is False
    assert send(api, "post", f"{base}/reactivate").json()["is_active"] is True
    service = Role.objects.get(code="service")
    roles = send(api, "put", f"{base}/roles", {"role_ids": [service.pk]})
    assert roles.json()["roles"] == [{"id": service.pk, "name": "客服"}]
    assert send(api, "post", f"{base}/password", {"password": "123"}).status_code == 400
    assert send(api, "post", f"{base}/password", {"password": STRONG}).status_code == 204
    assert send(api, "post", f"/api/v1/users/{personas.admin.pk}/deactivate").status_code == 403


def test_manager_reads_users_but_cannot_write(api_as, personas):
    api = api_as("manager")
    assert api.get("/api/v1/users").status_code == 200
    assert api.get(f"/api/v1/users/{personas.sales1.pk}").status_code == 200
    assert send(api, "post", "/api/v1/users", {"username": "zhou"}).status_code == 403
    assert (
        send(api, "patch", f"/api/v1/users/{personas.sales1.pk}", {"version": 1, "phone": ""}).status_code
        == 403
    )
    assert send(api, "post", f"/api/v1/users/{personas.sales1.pk}/deactivate").status_code == 403
    assert send(api, "put", f"/api/v1/users/{personas.sales1.pk}/roles", {"role_ids": []}).status_code == 403
    assert api.get("/api/v1/roles").status_code == 403
    assert not User.objects.filter(username="zhou").exists()


def test_outsider_gets_403_on_lists_and_404_on_records(api_as, personas):
    api = api_as("outsider")
    for url in ("/api/v1/users", "/api/v1/departments", "/api/v1/roles"):
        response = api.get(url)
        assert response.status_code == 403 and response.json()["code"] == "forbidden", url
    sales = Department.objects.get(name="销售部")
    for url in (
        f"/api/v1/users/{personas.sales1.pk}",
        f"/api/v1/departments/{sales.pk}",
        f"/api/v1/roles/{Role.objects.get(code='admin').pk}",
    ):
        assert api.get(url).status_code == 404, url
    assert send(api, "patch", f"/api/v1/users/{personas.sales1.pk}", {"version": 1}).status_code == 404


def test_unauthenticated_requests_get_401(client, personas):
    assert client.get("/api/v1/users").status_code == 401


def test_users_list_has_no_n_plus_one(api_as, personas, django_assert_max_num_queries):
    api = api_as("admin")
    api.get("/api/v1/users")
    with CaptureQueriesContext(connection) as baseline:
        assert len(api.get("/api/v1/users").json()["items"]) == 8
    department = Department.objects.get(name="工程部")
    roles = list(Role.objects.all()[:3])
    for number in range(30):
        user_create(actor=personas.admin, username=f"extra{number}", department_id=department.pk).roles.set(
            roles
        )
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        items = api.get("/api/v1/users").json()["items"]
    assert len(items) == 38 and len(items[-1]["roles"]) in (1, 3)


# Departments -----------------------------------------------------------------------------------------------


def test_departments_crud_with_cycle_and_delete_refusals(api_as, personas):
    api = api_as("admin")
    listing = api.get("/api/v1/departments", {"limit": 2}).json()
    assert [d["name"] for d in listing["items"]] == ["筑城装饰工程有限公司", "总经办"] and listing[
        "next_cursor"
    ]
    sales = Department.objects.get(name="销售部")
    created = send(api, "post", "/api/v1/departments", {"name": "华南组", "parent_id": sales.pk})
    assert created.status_code == 201
    team = created.json()
    assert team["path"] == f"{sales.path}{team['id']}/" and team["member_count"] == 0
    cycle = send(
        api, "patch", f"/api/v1/departments/{sales.pk}", {"version": sales.version, "parent_id": team["id"]}
    )
    assert cycle.status_code == 400 and "parent" in cycle.json()["fields"]
    moved = send(
        api,
        "patch",
        f"/api/v1/departments/{team['id']}",
        {"version": 1, "parent_id": Department.objects.get(name="客服部").pk},
    )
    assert moved.status_code == 200 and moved.json()["version"] == 2
    stale = send(api, "patch", f"/api/v1/departments/{team['id']}", {"version": 1, "name": "华北组"})
    assert stale.status_code == 409
    refused = api.delete(f"/api/v1/departments/{sales.pk}")
    assert refused.status_code == 400 and refused.json()["fields"]["department"]
    assert api.delete(f"/api/v1/departments/{team['id']}").status_code == 204
    assert not Department.objects.filter(pk=team["id"]).exists()


def test_sales_rep_reads_departments_but_cannot_write(api_as, personas):
    api = api_as("sales1")
    assert api.get("/api/v1/departments").status_code == 200
    sales = Department.objects.get(name="销售部")
    assert send(api, "post", "/api/v1/departments", {"name": "x", "parent_id": sales.pk}).status_code == 403
    assert (
        send(api, "patch", f"/api/v1/departments/{sales.pk}", {"version": 1, "name": "x"}).status_code == 403
    )
    assert api.delete(f"/api/v1/departments/{sales.pk}").status_code == 403


# Roles -----------------------------------------------------------------------------------------------------


def test_roles_crud_and_grants(api_as, personas):
    api = api_as("admin")
    listing = api.get("/api/v1/roles").json()
    admin_role = next(r for r in listing["items"] if r["code"] == "admin")
    assert {"kind": "role", "action": "edit", "scope": "all"} in admin_role["grants"]
    body = {"name": "区域销售", "grants": [{"kind": "user", "action": "view", "scope": "department"}]}
    created = send(api, "post", "/api/v1/roles", body)
    assert created.status_code == 201
    role = created.json()
    assert role["grants"] == [{"kind": "user", "action": "view", "scope": "department"}]
    grants = {"version": 1, "grants": [{"kind": "user", "action": "view", "scope": "all"}]}
    updated = send(api, "put", f"/api/v1/roles/{role['id']}/grants", grants)
    assert updated.status_code == 200 and updated.json()["version"] == 2
    assert send(api, "put", f"/api/v1/roles/{role['id']}/grants", grants).status_code == 409
    bad = {"version": 2, "grants": [{"kind": "user", "action": "fly", "scope": "all"}]}
    assert send(api, "put", f"/api/v1/roles/{role['id']}/grants", bad).status_code == 400
    bad_scope = {"version": 2, "grants": [{"kind": "user", "action": "view", "scope": "everything"}]}
    assert send(api, "put", f"/api/v1/roles/{role['id']}/grants", bad_scope).status_code == 422
    renamed = send(api, "patch", f"/api/v1/roles/{role['id']}", {"version": 2, "name": "华南销售"})
    assert renamed.json()["name"] == "华南销售"
    built_in = Role.objects.get(code="sales_rep").pk
    assert api.delete(f"/api/v1/roles/{built_in}").status_code == 403
    assert api.delete(f"/api/v1/roles/{role['id']}").status_code == 204
    assert OperationLog.objects.filter(kind="role", object_id=str(role["id"])).count() == 4
