"""The access layer's rules on a test-only kind of record (Memo, owned like customers will be)."""

from __future__ import annotations

import pytest

from atrium.accounts.models import Role, RoleGrant
from atrium.core import access
from atrium.core.errors import Forbidden, NotFound
from atrium.core.kinds import Scope
from atrium.testing.models import Memo

pytestmark = pytest.mark.django_db


def grant(role_code: str, action: str, scope: Scope) -> None:
    RoleGrant.objects.update_or_create(
        role=Role.objects.get(code=role_code), kind="memo", action=action, defaults={"scope": scope}
    )


@pytest.fixture
def memos(personas):
    grant("admin", "view", Scope.ALL)
    grant("admin", "edit", Scope.ALL)
    grant("sales_manager", "view", Scope.DEPARTMENT)
    grant("sales_manager", "edit", Scope.OWN)
    grant("sales_rep", "view", Scope.OWN)
    grant("sales_rep", "edit", Scope.OWN)
    return {
        name: Memo.objects.create(title=f"memo of {name}", owner=personas[name])
        for name in ("sales1", "sales2", "manager", "pm")
    }


def titles(user) -> set[str]:
    return set(access.visible(user, "memo").values_list("title", flat=True))


def test_own_scope_sees_only_own_records(personas, memos):
    assert titles(personas.sales1) == {"memo of sales1"}
    assert titles(personas.sales2) == {"memo of sales2"}


def test_department_scope_covers_own_department_and_below(personas, memos):
    assert titles(personas.manager) == {"memo of sales1", "memo of sales2", "memo of manager"}


def test_all_scope_sees_everything(personas, memos):
    assert titles(personas.admin) == {m.title for m in memos.values()}


def test_outsider_and_client_see_nothing(personas, memos):
    assert titles(personas.outsider) == set()
    assert titles(personas.client) == set()


def test_missing_and_forbidden_both_raise_not_found(personas, memos):
    with pytest.raises(NotFound):
        access.get_visible(personas.sales1, "memo", memos["sales2"].pk)
    with pytest.raises(NotFound):
        access.get_visible(personas.sales1, "memo", 999_999)
    assert access.get_visible(personas.sales1, "memo", memos["sales1"].pk) == memos["sales1"]


def test_visible_but_not_editable_raises_forbidden(personas, memos):
    record = access.get_visible(personas.manager, "memo", memos["sales1"].pk)
    with pytest.raises(Forbidden):
        access.check_action(personas.manager, "memo", "edit", record)
    access.check_action(personas.manager, "memo", "edit", memos["manager"])


def test_widest_scope_of_several_roles_wins(personas, memos):
    personas.sales1.roles.add(Role.objects.get(code="admin"))
    access.forget_grants(personas.sales1)
    assert titles(personas.sales1) == {m.title for m in memos.values()}


def test_inactive_role_grants_nothing(personas, memos):
    Role.objects.filter(code="sales_rep").update(is_active=False)
    access.forget_grants(personas.sales1)
    assert titles(personas.sales1) == set()


def test_deactivated_user_sees_nothing(personas, memos):
    personas.sales1.is_active = False
    assert access.scope_of(personas.sales1, "memo", "view") == Scope.NONE
    assert titles(personas.sales1) == set()


def test_grants_are_loaded_in_one_query(personas, memos, django_assert_num_queries):
    user = personas.sales1
    access.forget_grants(user)
    with django_assert_num_queries(1):
        for action in ("view", "edit", "delete", "export"):
            access.scope_of(user, "memo", action)


def test_require_refuses_actions_without_any_grant(personas, memos):
    with pytest.raises(Forbidden):
        access.require(personas.sales1, "memo", "delete")
    assert access.require(personas.admin, "memo", "view") == Scope.ALL


def test_user_without_department_falls_back_to_own_records(personas, memos):
    manager = personas.manager
    manager.department = None
    manager.save()
    access.forget_grants(manager)
    assert titles(manager) == {"memo of manager"}


def test_a_scope_reaches_the_people_of_its_department_tree(personas):
    """manager heads 销售部 (销售一部 and 销售二部 below it); sales1 is in 销售一部; pm in 工程部."""
    from atrium.core.access import departments_reached, people_reached, reaches

    manager, sales1, sales2, pm = personas.manager, personas.sales1, personas.sales2, personas.pm
    assert reaches(manager, Scope.DEPARTMENT, sales1) and reaches(manager, Scope.DEPARTMENT, sales2)
    assert not reaches(manager, Scope.DEPARTMENT, pm)
    assert not reaches(sales1, Scope.DEPARTMENT, manager)  # a department above is not below
    assert reaches(sales1, Scope.OWN, sales1) and not reaches(sales1, Scope.OWN, sales2)
    assert reaches(sales1, Scope.ALL, pm) and not reaches(sales1, Scope.NONE, sales1)
    assert not reaches(manager, Scope.ALL, None)  # nobody (the pool) is not a person
    reached = {u.username for u in people_reached(manager, Scope.DEPARTMENT)}
    assert {"manager", "sales1", "sales2"} <= reached and "pm" not in reached and "client" not in reached
    assert [u.username for u in people_reached(sales1, Scope.OWN)] == ["sales1"]
    assert list(people_reached(sales1, Scope.NONE)) == []
    assert [u.username for u in people_reached(personas.outsider, Scope.DEPARTMENT)] == ["outsider"]
    names = [d.name for d in departments_reached(manager, Scope.DEPARTMENT)]
    assert names[0] == "销售部" and set(names) == {"销售部", "销售一部", "销售二部"}
    assert list(departments_reached(personas.outsider, Scope.DEPARTMENT)) == []
