"""Role services: the grant matrix is validated, logged cell by cell and takes effect; built-in roles stay."""

from __future__ import annotations

import pytest

from atrium.accounts.models import Role, RoleGrant, User
from atrium.accounts.services import role_create, role_delete, role_set_grants, role_update
from atrium.core.access import scope_of
from atrium.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from atrium.core.kinds import Scope
from atrium.core.models import OperationLog

pytestmark = pytest.mark.django_db


def last_log() -> OperationLog:
    return OperationLog.objects.filter(kind="role").latest("id")


def test_create_with_grants_is_logged(personas):
    role = role_create(actor=personas.admin, name="区域销售", grants=[("user", "view", 2)])
    assert list(role.grants.values_list("kind", "action", "scope")) == [("user", "view", 2)]
    log = last_log()
    assert (log.action, log.object_id) == ("permission", str(role.pk))
    assert log.changes == {"name": [None, "区域销售"], "grants": [{}, {"user.view": 2}]}


def test_chinese_names_get_distinct_codes(personas):
    first = role_create(actor=personas.admin, name="区域销售")
    second = role_create(actor=personas.admin, name="区域经理")
    assert first.code != second.code


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "系统管理员"}, "name"),
        ({"name": "x" * 61}, "name"),
        ({"code": "Not A Code"}, "code"),
        ({"code": "admin"}, "code"),
        ({"description": "x" * 301}, "description"),
        ({"grants": [("user", "fly", 3)]}, "grants"),
        ({"grants": [("nothing", "view", 3)]}, "grants"),
        ({"grants": [("user", "view", 7)]}, "grants"),
        ({"grants": [("user", "view")]}, "grants"),
    ],
)
def test_bad_input_changes_nothing(personas, values, field):
    before = (Role.objects.count(), RoleGrant.objects.count(), OperationLog.objects.count())
    with pytest.raises(ValidationFailed) as caught:
        role_create(actor=personas.admin, **{"name": "新角色", **values})
    assert field in caught.value.fields
    assert (Role.objects.count(), RoleGrant.objects.count(), OperationLog.objects.count()) == before


def test_set_grants_logs_changed_cells_and_takes_effect(personas):
    role = role_create(actor=personas.admin, name="区域销售", grants=[("user", "view", 1)])
    outsider = personas.outsider
    outsider.roles.add(role)
    role = role_set_grants(
        actor=personas.admin,
        role_id=role.pk,
        version=role.version,
        grants=[("user", "view", 3), {"kind": "department", "action": "view", "scope": 2}],
    )
    assert role.version == 2
    assert last_log().changes == {"department.view": [0, 2], "user.view": [1, 3]}
    fresh = User.objects.get(pk=outsider.pk)
    assert scope_of(fresh, "user", "view") == Scope.ALL
    assert scope_of(fresh, "department", "view") == Scope.DEPARTMENT


def test_set_grants_with_a_stale_version_conflicts(personas):
    role = role_create(actor=personas.admin, name="区域销售")
    role_update(actor=personas.admin, role_id=role.pk, version=1, description="华南区")
    with pytest.raises(Conflict):
        role_set_grants(actor=personas.admin, role_id=role.pk, version=1, grants=[("user", "view", 3)])
    assert not RoleGrant.objects.filter(role=role).exists()


def test_bad_grants_change_nothing(personas):
    role = Role.objects.get(code="sales_rep")
    before = list(role.grants.values_list("kind", "action", "scope"))
    with pytest.raises(ValidationFailed):
        role_set_grants(actor=personas.admin, role_id=role.pk, version=None, grants=[("user", "view", "all")])
    assert list(role.grants.values_list("kind", "action", "scope")) == before


def test_update_logs_old_and_new_values(personas):
    role = Role.objects.get(code="service")
    role_update(actor=personas.admin, role_id=role.pk, version=role.version, name="客服专员", is_active=False)
    assert last_log().changes == {"name": ["客服", "客服专员"], "is_active": [True, False]}


def test_only_role_admins_edit_roles(personas):
    with pytest.raises(NotFound):  # the sales manager does not even see roles
        role_update(
            actor=personas.manager, role_id=Role.objects.get(code="sales_rep").pk, version=None, name="x"
        )
    with pytest.raises(Forbidden):
        role_create(actor=personas.manager, name="自封管理员")


def test_built_in_and_held_roles_are_not_deleted(personas):
    with pytest.raises(Forbidden):
        role_delete(actor=personas.admin, role_id=Role.objects.get(code="sales_rep").pk)
    held = role_create(actor=personas.admin, name="临时角色")
    personas.sales1.roles.add(held)
    with pytest.raises(ValidationFailed):
        role_delete(actor=personas.admin, role_id=held.pk)
    assert Role.objects.filter(pk=held.pk).exists()


def test_delete_of_a_free_role_is_logged_with_its_grants(personas):
    role = role_create(actor=personas.admin, name="临时角色", grants=[("user", "view", 2)])
    role_delete(actor=personas.admin, role_id=role.pk)
    assert not Role.objects.filter(pk=role.pk).exists()
    log = last_log()
    assert log.changes == {"name": ["临时角色", None], "grants": [{"user.view": 2}, {}]}


def test_built_in_roles_are_described_in_chinese_and_old_english_texts_are_replaced(personas):
    import importlib

    from django.apps import apps

    from atrium.accounts.default_roles import BUILT_IN_ROLES

    roles = {role.code: role for role in Role.objects.filter(is_system=True)}
    assert {code: (r.name, r.description) for code, r in roles.items()} == BUILT_IN_ROLES
    Role.objects.filter(code="sales_rep").update(description="Their own customers and sales records.")
    Role.objects.filter(code="client").update(description="由管理员改过的说明")
    migration = importlib.import_module(
        "atrium.accounts.migrations.0003_built_in_role_descriptions_in_chinese"
    )
    migration.forwards(apps, None)
    assert Role.objects.get(code="sales_rep").description == "本人的客户和销售记录。"
    assert Role.objects.get(code="client").description == "由管理员改过的说明"  # an admin's own text stays
