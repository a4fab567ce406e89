"""User services: every write leaves its operation-log row; bad input changes nothing; stale versions conflict;
deactivation ends the user's sessions."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from atrium.accounts.models import Department, Role, RoleGrant, User, UserSession
from atrium.accounts.services import (
    user_create,
    user_deactivate,
    user_reactivate,
    user_set_password,
    user_set_roles,
    user_update,
)
from atrium.core.access import can
from atrium.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from atrium.core.models import OperationLog

pytestmark = pytest.mark.django_db
STRONG = "Zc!9-safe-passphrase"


def last_log(kind: str = "user") -> OperationLog:
    return OperationLog.objects.filter(kind=kind).latest("id")


def create(actor, **kwargs) -> User:
    values = {"username": "zhou", "display_name": "周杰", "email": "zhou@zhucheng.example"}
    return user_create(actor=actor, **{**values, **kwargs})


def test_create_logs_the_new_values(personas):
    department = Department.objects.get(name="销售一部")
    role = Role.objects.get(code="sales_rep")
    user = create(
        personas.admin,
        department_id=department.pk,
        role_ids=[role.pk],
        password=STRONG,
        phone="138 0013 8000",
    )
    user.refresh_from_db()
    assert user.phone == "13800138000"
    assert user.check_password(STRONG)
    assert list(user.roles.all()) == [role]
    log = last_log()
    assert (log.action, log.object_id, log.actor_id) == ("create", str(user.pk), personas.admin.pk)
    assert log.changes["username"] == [None, "zhou"]
    assert log.changes["department"] == [None, department.pk]
    assert log.changes["roles"] == [None, ["销售代表"]]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"username": "SALES1"}, "username"),
        ({"username": "a b"}, "username"),
        ({"email": "Sales1@Zhucheng.example"}, "email"),
        ({"email": "not-an-address"}, "email"),
        ({"phone": "12345"}, "phone"),
        ({"password": "12345678"}, "password"),
        ({"department_id": 999999}, "department"),
        ({"department_id": "abc"}, "department"),
        ({"role_ids": [999999]}, "roles"),
        ({"role_ids": ["x"]}, "roles"),
        ({"display_name": "长" * 101}, "display_name"),
        ({"language": "klingon"}, "language"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(personas, values, field):
    users, logs = User.objects.count(), OperationLog.objects.count()
    with pytest.raises(ValidationFailed) as caught:
        create(personas.admin, **values)
    assert field in caught.value.fields
    assert (User.objects.count(), OperationLog.objects.count()) == (users, logs)


def test_creating_needs_the_create_right(personas):
    with pytest.raises(Forbidden):
        create(personas.manager)
    assert not User.objects.filter(username="zhou").exists()


def test_department_scope_creator_places_people_only_in_reach(personas):
    hr = Role.objects.create(name="人事专员", code="hr")
    for action, scope in (("view", 2), ("create", 2), ("edit", 2)):
        RoleGrant.objects.create(role=hr, kind="user", action=action, scope=scope)
    personas.manager.roles.add(hr)
    manager = User.objects.get(pk=personas.manager.pk)
    with pytest.raises(ValidationFailed) as caught:
        create(manager, department_id=Department.objects.get(name="工程部").pk)
    assert "department" in caught.value.fields
    with pytest.raises(ValidationFailed):
        create(manager)  # no department at all would leave the new user out of the creator's reach
    user = create(manager, department_id=Department.objects.get(name="销售二部").pk)
    assert user.department.name == "销售二部"


def test_roles_beyond_the_actors_own_rights_are_refused(personas):
    hr = Role.objects.create(name="人事专员", code="hr")
    for action in ("view", "assign", "edit"):
        RoleGrant.objects.create(role=hr, kind="user", action=action, scope=3)
    personas.manager.roles.set([hr])
    manager = User.objects.get(pk=personas.manager.pk)
    admin_role = Role.objects.get(code="admin")
    with pytest.raises(ValidationFailed) as caught:
        user_set_roles(actor=manager, user_id=manager.pk, role_ids=[admin_role.pk])
    assert "roles" in caught.value.fields
    assert list(manager.roles.all()) == [hr]
    user_set_roles(actor=manager, user_id=personas.sales1.pk, role_ids=[hr.pk])
    assert list(personas.sales1.roles.all()) == [hr]


def test_update_logs_old_and_new_values_and_bumps_the_version(personas):
    sales1 = personas.sales1
    user = user_update(actor=personas.admin, user_id=sales1.pk, version=sales1.version, display_name="李明明")
    assert user.version == sales1.version + 1
    assert last_log().changes == {"display_name": ["李明", "李明明"]}


def test_stale_version_conflicts_and_changes_nothing(personas):
    sales1 = personas.sales1
    user_update(actor=personas.admin, user_id=sales1.pk, version=sales1.version, phone="13911112222")
    logs = OperationLog.objects.count()
    with pytest.raises(Conflict):
        user_update(actor=personas.admin, user_id=sales1.pk, version=sales1.version, display_name="别人")
    sales1.refresh_from_db()
    assert (sales1.display_name, sales1.phone) == ("李明", "13911112222")
    assert OperationLog.objects.count() == logs


def test_update_refuses_a_taken_email_and_unknown_fields(personas):
    sales1 = personas.sales1
    with pytest.raises(ValidationFailed) as caught:
        user_update(actor=personas.admin, user_id=sales1.pk, version=None, email="SALES2@zhucheng.example")
    assert "email" in caught.value.fields
    with pytest.raises(ValidationFailed) as caught:
        user_update(actor=personas.admin, user_id=sales1.pk, version=None, is_superuser=True)
    assert "is_superuser" in caught.value.fields
    sales1.refresh_from_db()
    assert (sales1.email, sales1.is_superuser) == ("sales1@zhucheng.example", False)


def test_editing_needs_the_edit_right_and_visibility(personas):
    with pytest.raises(Forbidden):
        user_update(actor=personas.manager, user_id=personas.sales1.pk, version=None, display_name="x")
    with pytest.raises(NotFound):
        user_update(actor=personas.outsider, user_id=personas.sales1.pk, version=None, display_name="x")


def test_set_roles_logs_a_permission_change_and_takes_effect(personas):
    manager_role = Role.objects.get(code="sales_manager")
    user_set_roles(actor=personas.admin, user_id=personas.outsider.pk, role_ids=[manager_role.pk])
    log = last_log()
    assert (log.action, log.changes) == ("permission", {"roles": [[], ["销售经理"]]})
    assert can(User.objects.get(pk=personas.outsider.pk), "user", "view")


def test_deactivation_ends_every_session_and_is_logged(personas):
    browser = Client()
    browser.force_login(personas.sales1)
    key = browser.session.session_key
    assert UserSession.objects.filter(user=personas.sales1, session_key=key).exists()
    user_deactivate(actor=personas.admin, user_id=personas.sales1.pk)
    assert not Session.objects.filter(session_key=key).exists()
    assert not UserSession.objects.filter(user=personas.sales1).exists()
    assert last_log().changes == {"is_active": [True, False]}
    assert browser.get("/settings/users/").status_code == 302  # signed out: sent to the login page
    user_reactivate(actor=personas.admin, user_id=personas.sales1.pk)
    assert User.objects.get(pk=personas.sales1.pk).is_active
    assert last_log().changes == {"is_active": [False, True]}


def test_nobody_deactivates_themselves(personas):
    with pytest.raises(Forbidden):
        user_deactivate(actor=personas.admin, user_id=personas.admin.pk)
    assert User.objects.get(pk=personas.admin.pk).is_active


def test_admin_password_reset_checks_strength_and_signs_the_user_out(personas):
    browser = Client()
    browser.force_login(personas.sales2)
    with pytest.raises(ValidationFailed) as caught:
        user_set_password(actor=personas.admin, user_id=personas.sales2.pk, password="short")
    assert "password" in caught.value.fields
    assert User.objects.get(pk=personas.sales2.pk).check_password("atrium-demo")
    user_set_password(actor=personas.admin, user_id=personas.sales2.pk, password=STRONG)
    assert User.objects.get(pk=personas.sales2.pk).check_password(STRONG)
    assert not UserSession.objects.filter(user=personas.sales2).exists()
    assert last_log().changes == {"password": ["***", "***"]}


def test_admin_changing_an_email_forgets_the_old_address_for_sign_in(personas):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(
        user=personas.sales1, email="sales1@zhucheng.example", verified=True, primary=True
    )
    user = user_update(
        actor=personas.admin,
        user_id=personas.sales1.pk,
        version=personas.sales1.version,
        email="li.ming@zhucheng.example",
    )
    assert user.email == "li.ming@zhucheng.example"
    assert not EmailAddress.objects.filter(email__iexact="sales1@zhucheng.example").exists()
