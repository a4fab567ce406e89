"""Writes on the department tree. ``path`` of a department and all below it is kept true on every move."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from atrium.accounts.models import Department, User
from atrium.core.access import get_for_action, get_visible, require
from atrium.core.audit import audit, changes_between, snapshot
from atrium.core.errors import Conflict, NotFound, ValidationFailed

FIELDS = ("name", "parent", "head", "sort_order")


def _parent(actor: Any, parent_id: Any, errors: dict) -> Department | None:
    if parent_id in (None, ""):
        return None
    try:
        return get_visible(actor, "department", parent_id)
    except NotFound:
        errors["parent"] = [_("This department does not exist.")]
        return None


def _head(head_id: Any, errors: dict) -> User | None:
    if head_id in (None, ""):
        return None
    head = User.objects.filter(pk=head_id, is_active=True).first()
    if head is None:
        errors["head"] = [_("This user does not exist or is deactivated.")]
    return head


def _name(name: str, errors: dict) -> str:
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("This field is required.")]
    elif len(name) > 100:
        errors["name"] = [_("At most 100 characters.")]
    return name


def _save_unique(department: Department) -> None:
    try:
        with transaction.atomic():
            department.save()
    except IntegrityError:
        raise ValidationFailed(
            {"name": [_("A department with this name already exists at this level.")]}
        ) from None


def _name_taken(name: str, parent: Department | None, exclude_pk: int | None) -> bool:
    return Department.objects.filter(name=name, parent=parent).exclude(pk=exclude_pk).exists()


@transaction.atomic
def department_create(
    *, actor: Any, name: str, parent_id: Any = None, head_id: Any = None, sort_order: int = 0
) -> Department:
    require(actor, "department", "create")
    errors: dict[str, list[str]] = {}
    name = _name(name, errors)
    parent = _parent(actor, parent_id, errors)
    head = _head(head_id, errors)
    if parent is None and not errors and require(actor, "department", "create") < 3:
        errors["parent"] = [_("Choose the department the new one belongs to.")]
    if not errors and _name_taken(name, parent, None):
        errors["name"] = [_("A department with this name already exists at this level.")]
    if errors:
        raise ValidationFailed(errors)
    department = Department(name=name, parent=parent, head=head, sort_order=sort_order)
    _save_unique(department)
    department.path = f"{parent.path if parent else '/'}{department.pk}/"
    department.save(update_fields=["path"])
    audit(
        actor=actor,
        action="create",
        record=department,
        changes=changes_between({}, snapshot(department, FIELDS)),
    )
    return department


def _move(department: Department, new_parent: Department | None) -> None:
    old_path = department.path
    new_path = f"{new_parent.path if new_parent else '/'}{department.pk}/"
    if old_path == new_path:
        return
    Department.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1))
    )
    department.path = new_path


@transaction.atomic
def department_update(*, actor: Any, department_id: Any, version: int | None, **changes: Any) -> Department:
    department = get_for_action(actor, "department", department_id, "edit")
    department = Department.objects.select_for_update().get(pk=department.pk)
    if version is not None and department.version != version:
        raise Conflict()
    before = snapshot(department, FIELDS)
    errors: dict[str, list[str]] = {}
    if "name" in changes:
        department.name = _name(changes["name"], errors)
    if "head_id" in changes:
        department.head = _head(changes["head_id"], errors)
    if "sort_order" in changes:
        department.sort_order = int(changes["sort_order"] or 0)
    new_parent = department.parent
    if "parent_id" in changes:
        new_parent = _parent(actor, changes["parent_id"], errors)
        if new_parent is not None and new_parent.path.startswith(department.path):
            errors["parent"] = [_("A department cannot be moved under itself or one of its sub-departments.")]
    if not errors and _name_taken(department.name, new_parent, department.pk):
        errors["name"] = [_("A department with this name already exists at this level.")]
    if errors:
        raise ValidationFailed(errors)
    if new_parent != department.parent:
        _move(department, new_parent)
        department.parent = new_parent
    diff = changes_between(before, snapshot(department, FIELDS))
    if not diff:
        return department
    department.version += 1
    _save_unique(department)
    audit(actor=actor, action="update", record=department, changes=diff)
    return department


@transaction.atomic
def department_delete(*, actor: Any, department_id: Any) -> None:
    department = get_for_action(actor, "department", department_id, "delete")
    errors = []
    if department.children.exists():
        errors.append(_("Move or delete its sub-departments first."))
    if department.members.exists():
        errors.append(_("Move its members to another department first."))
    if errors:
        raise ValidationFailed({"department": errors}, message=_("This department cannot be deleted."))
    audit(
        actor=actor,
        action="delete",
        record=department,
        changes=changes_between(snapshot(department, FIELDS), {}),
    )
    department.delete()
