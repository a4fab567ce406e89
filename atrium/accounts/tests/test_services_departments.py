"""Department services: the tree's paths stay true on moves, cycles are refused, every write is logged."""

from __future__ import annotations

import pytest
from django.utils import translation

from atrium.accounts.models import Department
from atrium.accounts.services import department_create, department_delete, department_update
from atrium.core.errors import Conflict, Forbidden, ValidationFailed
from atrium.core.models import OperationLog

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def dept(name: str) -> Department:
    return Department.objects.get(name=name)


def last_log() -> OperationLog:
    return OperationLog.objects.filter(kind="department").latest("id")


def test_create_under_a_parent_sets_the_path_and_logs(personas):
    sales = dept("销售部")
    created = department_create(
        actor=personas.admin, name=" 华南组 ", parent_id=sales.pk, head_id=personas.manager.pk
    )
    assert created.name == "华南组"
    assert created.path == f"{sales.path}{created.pk}/"
    log = last_log()
    assert (log.action, log.object_id) == ("create", str(created.pk))
    assert log.changes["name"] == [None, "华南组"]
    assert log.changes["parent"] == [None, sales.pk]
    assert log.changes["head"] == [None, personas.manager.pk]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": "销售一部"}, "name"),  # taken at this level
        ({"parent_id": 999999}, "parent"),
        ({"head_id": "not-a-number"}, "head"),
        ({"sort_order": "many"}, "sort_order"),
    ],
)
def test_bad_input_changes_nothing(personas, values, field):
    before = (Department.objects.count(), OperationLog.objects.count())
    with pytest.raises(ValidationFailed) as caught:
        department_create(
            actor=personas.admin, **{"name": "新部门", "parent_id": dept("销售部").pk, **values}
        )
    assert field in caught.value.fields
    assert (Department.objects.count(), OperationLog.objects.count()) == before


def test_creating_needs_the_right(personas):
    with pytest.raises(Forbidden):
        department_create(actor=personas.sales1, name="私设部门", parent_id=dept("销售部").pk)


def test_move_rewrites_the_paths_below_and_logs_old_and_new_parent(personas):
    sales, service = dept("销售部"), dept("客服部")
    team = department_create(actor=personas.admin, name="一组", parent_id=dept("销售一部").pk)
    moved = department_update(
        actor=personas.admin, department_id=dept("销售一部").pk, version=1, parent_id=service.pk
    )
    assert moved.path == f"{service.path}{moved.pk}/"
    team.refresh_from_db()
    assert team.path == f"{service.path}{moved.pk}/{team.pk}/"
    assert last_log().changes == {"parent": [sales.pk, service.pk]}
    assert moved.version == 2
    personas.sales1.refresh_from_db()
    assert personas.sales1.department.path.startswith(service.path)


@pytest.mark.parametrize("target", ["销售部", "销售一部"])
def test_a_department_cannot_move_under_itself_or_below_it(personas, target):
    sales = dept("销售部")
    paths = dict(Department.objects.values_list("name", "path"))
    with pytest.raises(ValidationFailed) as caught:
        department_update(
            actor=personas.admin, department_id=sales.pk, version=None, parent_id=dept(target).pk
        )
    assert caught.value.fields["parent"] == ["不能将部门移动到其自身或其下级部门之下。"]
    assert dict(Department.objects.values_list("name", "path")) == paths


def test_rename_with_a_stale_version_conflicts(personas):
    sales = dept("销售部")
    department_update(actor=personas.admin, department_id=sales.pk, version=sales.version, name="销售中心")
    with pytest.raises(Conflict):
        department_update(actor=personas.admin, department_id=sales.pk, version=sales.version, name="营销部")
    assert dept("销售中心").version == sales.version + 1
    assert last_log().changes == {"name": ["销售部", "销售中心"]}


def test_unknown_fields_are_refused(personas):
    with pytest.raises(ValidationFailed) as caught:
        department_update(actor=personas.admin, department_id=dept("销售部").pk, version=None, path="/x/")
    assert "path" in caught.value.fields


def test_delete_is_refused_while_it_has_children_or_members(personas):
    with pytest.raises(ValidationFailed) as caught:
        department_delete(actor=personas.admin, department_id=dept("销售部").pk)
    assert caught.value.fields["department"] == ["请先移走或删除其下级部门。", "请先将其成员调到其他部门。"]
    with pytest.raises(ValidationFailed):
        department_delete(actor=personas.admin, department_id=dept("销售二部").pk)  # sales2 works there
    assert Department.objects.filter(name__in=["销售部", "销售二部"]).count() == 2


def test_delete_of_an_empty_department_is_logged(personas):
    empty = department_create(actor=personas.admin, name="临时组", parent_id=dept("销售部").pk)
    department_delete(actor=personas.admin, department_id=empty.pk)
    assert not Department.objects.filter(pk=empty.pk).exists()
    log = last_log()
    assert (log.action, log.object_id, log.changes["name"]) == ("delete", str(empty.pk), ["临时组", None])
