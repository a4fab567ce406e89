"""Administration pages of users, departments and roles, as the admin, a sales manager (read-only) and an
outsider; errors beside fields in Chinese, nothing saved on bad input; no N+1 on the users list."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atrium.accounts.models import Department, Role, RoleGrant, User
from atrium.accounts.services import user_create
from atrium.core.models import OperationLog

pytestmark = pytest.mark.django_db
STRONG = "Zc!9-safe-passphrase"


def field_errors(response, name: str) -> str:
    """The text of the error list beside one field."""
    html = response.content.decode()
    match = re.search(
        rf'data-field="{name}">(.*?)</div>\s*(?=<div class="field|<button|<input type="hidden")', html, re.S
    )
    assert match, f"no field {name} on the page"
    errors = re.search(r'<ul class="errorlist"[^>]*>(.*?)</ul>', match.group(1), re.S)
    return re.sub(r"<[^>]+>", "", errors.group(1)) if errors else ""


def new_user_form(**overrides) -> dict:
    department = Department.objects.get(name="销售一部")
    return {
        "username": "zhou",
        "display_name": "周杰",
        "email": "zhou@zhucheng.example",
        "phone": "13812345678",
        "department": str(department.pk),
        "roles": [str(Role.objects.get(code="sales_rep").pk)],
        "password": STRONG,
        **overrides,
    }


# Users -----------------------------------------------------------------------------------------------------


def test_admin_sees_the_users_list_in_chinese_with_filters(client_as, personas):
    response = client_as("admin").get(reverse("accounts:users"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "新建用户" in html and "李明" in html and "刘师傅" in html
    below = client_as("admin").get(
        reverse("accounts:users"), {"department": Department.objects.get(name="销售部").pk}
    )
    names = below.content.decode()
    assert "李明" in names and "张华" in names and "王经理" in names and "刘师傅" not in names
    found = client_as("admin").get(reverse("accounts:users"), {"q": "1380000000"}).content.decode()
    assert 'data-user="sales1"' in found and 'data-user="pm"' in found  # phone fragment matches several
    personas.sales2.is_active = False
    personas.sales2.save()
    inactive = client_as("admin").get(reverse("accounts:users"), {"active": "0"}).content.decode()
    assert 'data-user="sales2"' in inactive and 'data-user="sales1"' not in inactive


def test_users_list_pages_with_a_cursor(client_as, personas):
    for number in range(55):
        User.objects.create(username=f"zz{number:02d}", display_name=f"测试{number}")
    first = client_as("admin").get(reverse("accounts:users")).content.decode()
    cursor = re.search(r"cursor=([\w-]+)", first).group(1)
    second = client_as("admin").get(reverse("accounts:users"), {"cursor": cursor}).content.decode()
    assert 'data-user="zz54"' in second and 'data-user="zz54"' not in first


def test_admin_creates_a_user(client_as, personas):
    response = client_as("admin").post(reverse("accounts:user_new"), new_user_form())
    user = User.objects.get(username="zhou")
    assert response.status_code == 302 and response.url == reverse("accounts:user_detail", args=[user.pk])
    assert user.department.name == "销售一部" and user.check_password(STRONG)
    assert [r.code for r in user.roles.all()] == ["sales_rep"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"username": "sales1"}, "username", "该用户名已被使用。"),
        ({"email": "SALES2@zhucheng.example"}, "email", "该邮箱已被其他用户使用。"),
        ({"email": "zhou-at-example"}, "email", "请输入有效的邮箱地址。"),
        ({"phone": "12345"}, "phone", "请输入有效的电话号码"),
        ({"password": "12345678"}, "password", "密码"),
    ],
)
def test_bad_new_user_shows_the_error_beside_the_field_and_saves_nothing(
    client_as, personas, overrides, field, message
):
    admin = client_as("admin")
    users, logs = User.objects.count(), OperationLog.objects.count()
    response = admin.post(reverse("accounts:user_new"), new_user_form(**overrides))
    assert response.status_code == 400
    assert message in field_errors(response, field)
    assert (User.objects.count(), OperationLog.objects.count()) == (users, logs)


def test_editing_a_profile_saves_and_a_stale_version_shows_a_conflict(client_as, personas):
    admin = client_as("admin")
    sales1 = personas.sales1
    form = {
        "username": "sales1",
        "display_name": "李明明",
        "email": sales1.email,
        "phone": sales1.phone,
        "department": str(sales1.department_id),
        "version": str(sales1.version),
    }
    assert admin.post(reverse("accounts:user_detail", args=[sales1.pk]), form).status_code == 302
    stale = admin.post(
        reverse("accounts:user_detail", args=[sales1.pk]), {**form, "display_name": "别的名字"}
    )
    assert stale.status_code == 409
    assert "该记录已被他人修改" in stale.content.decode()
    assert User.objects.get(pk=sales1.pk).display_name == "李明明"


def test_deactivate_reactivate_and_reset_password(client_as, personas):
    admin = client_as("admin")
    sales2 = personas.sales2
    assert admin.post(reverse("accounts:user_deactivate", args=[sales2.pk])).status_code == 302
    assert not User.objects.get(pk=sales2.pk).is_active
    page = admin.get(reverse("accounts:user_detail", args=[sales2.pk])).content.decode()
    assert "已停用" in page and 'data-testid="reactivate"' in page
    assert admin.post(reverse("accounts:user_reactivate", args=[sales2.pk])).status_code == 302
    assert User.objects.get(pk=sales2.pk).is_active
    weak = admin.post(reverse("accounts:user_password", args=[sales2.pk]), {"password": "123"})
    assert weak.status_code == 400 and field_errors(weak, "password")
    assert (
        admin.post(reverse("accounts:user_password", args=[sales2.pk]), {"password": STRONG}).status_code
        == 302
    )
    assert User.objects.get(pk=sales2.pk).check_password(STRONG)


def test_admin_sets_roles_on_the_user_page(client_as, personas):
    role = Role.objects.get(code="service")
    response = client_as("admin").post(
        reverse("accounts:user_roles", args=[personas.outsider.pk]), {"roles": [role.pk]}
    )
    assert response.status_code == 302
    assert list(personas.outsider.roles.all()) == [role]


def test_manager_sees_users_but_cannot_create_or_edit(client_as, personas):
    manager = client_as("manager")
    listing = manager.get(reverse("accounts:users")).content.decode()
    assert "李明" in listing and "新建用户" not in listing
    assert manager.get(reverse("accounts:user_new")).status_code == 403
    assert manager.post(reverse("accounts:user_new"), new_user_form()).status_code == 403
    detail = manager.get(reverse("accounts:user_detail", args=[personas.sales1.pk]))
    assert detail.status_code == 200 and 'name="version"' not in detail.content.decode()
    edit = manager.post(
        reverse("accounts:user_detail", args=[personas.sales1.pk]), {"username": "sales1", "version": "1"}
    )
    assert edit.status_code == 403
    assert manager.post(reverse("accounts:user_deactivate", args=[personas.sales1.pk])).status_code == 403
    assert (
        not User.objects.filter(username="zhou").exists()
        and User.objects.get(pk=personas.sales1.pk).is_active
    )


def test_outsider_gets_403_on_lists_and_404_on_records(client_as, personas):
    outsider = client_as("outsider")
    for name in ("accounts:users", "accounts:departments", "accounts:roles", "accounts:user_new"):
        response = outsider.get(reverse(name))
        assert response.status_code == 403, name
        assert "无权访问" in response.content.decode()
    sales_dept = Department.objects.get(name="销售部")
    for name, pk in (
        ("accounts:user_detail", personas.sales1.pk),
        ("accounts:department_detail", sales_dept.pk),
        ("accounts:role_detail", Role.objects.get(code="admin").pk),
    ):
        assert outsider.get(reverse(name, args=[pk])).status_code == 404, name
    assert outsider.post(reverse("accounts:user_deactivate", args=[personas.sales1.pk])).status_code == 404


def test_signed_out_people_are_sent_to_the_login_page(client):
    response = client.get(reverse("accounts:users"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_menu_shows_admin_entries_only_to_those_who_may_view(client_as, personas):
    admin_home = client_as("admin").get("/").content.decode()
    assert all(f'data-nav="admin_{key}"' in admin_home for key in ("users", "departments", "roles"))
    manager_home = client_as("manager").get("/").content.decode()
    assert 'data-nav="admin_users"' in manager_home and 'data-nav="admin_roles"' not in manager_home
    outsider_home = client_as("outsider").get("/").content.decode()
    assert 'data-nav="admin_users"' not in outsider_home


def test_users_list_has_no_n_plus_one(client_as, personas, django_assert_max_num_queries):
    admin = client_as("admin")
    admin.get(reverse("accounts:users"))  # warm up (session, translations)
    with CaptureQueriesContext(connection) as baseline:
        assert admin.get(reverse("accounts:users")).status_code == 200
    department = Department.objects.get(name="销售二部")
    roles = list(Role.objects.all()[:3])
    for number in range(30):
        user = user_create(actor=personas.admin, username=f"extra{number}", department_id=department.pk)
        user.roles.set(roles)
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        page = admin.get(reverse("accounts:users"))
    assert page.content.decode().count("data-user=") > 30


# Departments -----------------------------------------------------------------------------------------------


def test_department_tree_and_create(client_as, personas):
    admin = client_as("admin")
    tree = admin.get(reverse("accounts:departments")).content.decode()
    assert "组织架构" in tree and 'data-department="销售一部"' in tree
    sales = Department.objects.get(name="销售部")
    response = admin.post(
        reverse("accounts:departments"), {"name": "华南组", "parent": sales.pk, "head": personas.manager.pk}
    )
    assert response.status_code == 302
    created = Department.objects.get(name="华南组")
    assert (created.parent, created.head) == (sales, personas.manager)
    duplicate = admin.post(reverse("accounts:departments"), {"name": "华南组", "parent": sales.pk})
    assert duplicate.status_code == 400 and "同级下已存在同名部门" in field_errors(duplicate, "name")


def test_moving_a_department_under_its_own_child_is_refused_beside_the_field(client_as, personas):
    sales, first = Department.objects.get(name="销售部"), Department.objects.get(name="销售一部")
    response = client_as("admin").post(
        reverse("accounts:department_detail", args=[sales.pk]),
        {"name": "销售部", "parent": first.pk, "version": sales.version},
    )
    assert response.status_code == 400
    assert "不能将部门移动到其自身或其下级部门之下" in field_errors(response, "parent")
    sales.refresh_from_db()
    assert sales.parent.name == "筑城装饰工程有限公司"


def test_renaming_a_department(client_as, personas):
    service = Department.objects.get(name="客服部")
    response = client_as("admin").post(
        reverse("accounts:department_detail", args=[service.pk]),
        {"name": "客户服务部", "parent": service.parent_id, "version": service.version},
    )
    assert response.status_code == 302
    assert Department.objects.get(pk=service.pk).name == "客户服务部"


def test_deleting_a_department_with_members_shows_why(client_as, personas):
    admin = client_as("admin")
    second = Department.objects.get(name="销售二部")
    response = admin.post(reverse("accounts:department_delete", args=[second.pk]), follow=True)
    assert "请先将其成员调到其他部门" in response.content.decode()
    assert Department.objects.filter(pk=second.pk).exists()
    empty = Department.objects.create(name="空部门", parent=second, path="")
    empty.path = f"{second.path}{empty.pk}/"
    empty.save()
    assert admin.post(reverse("accounts:department_delete", args=[empty.pk])).status_code == 302
    assert not Department.objects.filter(pk=empty.pk).exists()


def test_sales_rep_views_departments_but_cannot_create(client_as, personas):
    rep = client_as("sales1")
    page = rep.get(reverse("accounts:departments"))
    assert page.status_code == 200 and "新建部门" not in page.content.decode()
    sales = Department.objects.get(name="销售部")
    assert rep.post(reverse("accounts:departments"), {"name": "私设", "parent": sales.pk}).status_code == 403
    edit = rep.post(reverse("accounts:department_detail", args=[sales.pk]), {"name": "x", "version": "1"})
    assert edit.status_code == 403
    assert not Department.objects.filter(name__in=["私设", "x"]).exists()


# Roles -----------------------------------------------------------------------------------------------------


def test_role_matrix_lists_every_kind_and_saves_grants(client_as, personas):
    admin = client_as("admin")
    assert admin.post(reverse("accounts:roles"), {"name": ""}).status_code == 400
    response = admin.post(reverse("accounts:roles"), {"name": "区域销售", "description": "华南"})
    role = Role.objects.get(name="区域销售")
    assert response.url == reverse("accounts:role_detail", args=[role.pk])
    page = admin.get(response.url).content.decode()
    for label in ("用户", "部门", "角色", "操作日志", "本部门", "本人"):
        assert label in page
    assert 'name="user.view"' in page and 'name="user.delete"' not in page  # users have no delete action
    saved = admin.post(
        reverse("accounts:role_grants", args=[role.pk]),
        {"version": role.version, "user.view": "2", "department.view": "3", "role.view": "0"},
    )
    assert saved.status_code == 302
    assert set(role.grants.values_list("kind", "action", "scope")) == {
        ("user", "view", 2),
        ("department", "view", 3),
    }
    stale = admin.post(
        reverse("accounts:role_grants", args=[role.pk]), {"version": role.version, "user.view": "3"}
    )
    assert stale.status_code == 409 and "该记录已被他人修改" in stale.content.decode()
    assert set(role.grants.values_list("kind", "action", "scope")) == {
        ("user", "view", 2),
        ("department", "view", 3),
    }


def test_built_in_roles_cannot_be_deleted(client_as, personas):
    admin = client_as("admin")
    rep = Role.objects.get(code="sales_rep")
    page = admin.get(reverse("accounts:role_detail", args=[rep.pk])).content.decode()
    assert 'data-testid="delete"' not in page and "系统内置角色不能删除" in page
    assert admin.post(reverse("accounts:role_delete", args=[rep.pk])).status_code == 403
    assert Role.objects.filter(pk=rep.pk).exists()
    free = Role.objects.create(name="临时角色", code="temp")
    RoleGrant.objects.create(role=free, kind="user", action="view", scope=1)
    assert admin.post(reverse("accounts:role_delete", args=[free.pk])).status_code == 302
    assert not Role.objects.filter(pk=free.pk).exists()


def test_role_pages_refuse_people_without_role_rights(client_as, personas):
    assert client_as("manager").get(reverse("accounts:roles")).status_code == 403
    role = Role.objects.get(code="sales_rep")
    assert (
        client_as("manager").post(reverse("accounts:role_grants", args=[role.pk]), {"version": 1}).status_code
        == 404
    )
