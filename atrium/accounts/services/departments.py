"""Writes on the department tree. ``path`` of a department and all below it is kept true on every move."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from atrium.accounts.models import Department, User
from atrium.core.access import get_for_action, require, visible
from atrium.core.actors import actor_id
from atrium.core.audit import audit, changes_between, snapshot
from atrium.core.errors import Conflict, ValidationFailed
from atrium.core.events import emit
from atrium.core.kinds import Scope

FIELDS = ("name", "parent", "head", "sort_order")
EDITABLE = {"name", "parent_id", "head_id", "sort_order"}
Errors = dict[str, list[str]]


def _parent(actor: Any, parent_id: Any, action: str, errors: Errors) -> Department | None:
    """The parent must be a department on which the actor may ``action`` (create below it, move into it);
    people who do not reach every department must name one."""
    if parent_id in (None, ""):
        if require(actor, "department", action) < Scope.ALL:
            errors["parent"] = [_("Choose the department the new one belongs to.")]
        return None
    try:
        parent = visible(actor, "department", action=action).filter(pk=int(parent_id)).first()
    except (TypeError, ValueError):
        parent = None
    if parent is None:
        errors["parent"] = [_("This department does not exist.")]
    return parent


def _head(head_id: Any, errors: Errors) -> User | None:
    if head_id in (None, ""):
        return None
    try:
        head = User.objects.filter(pk=int(head_id), is_active=True).first()
    except (TypeError, ValueError):
        head = None
    if head is None:
        errors["head"] = [_("This user does not exist or is deactivated.")]
    return head


def _name(name: Any, errors: Errors) -> str:
    name = "" if name is None else str(name).strip()
    if not name:
        errors["name"] = [_("This field is required.")]
    elif len(name) > 100:
        errors["name"] = [_("At most 100 characters.")]
    return name


def _sort_order(value: Any, errors: Errors) -> int:
    try:
        number = int(value or 0)
    except (TypeError, ValueError):
        number = -1
    if not 0 <= number <= 1_000_000:
        errors["sort_order"] = [_("Enter a whole number from 0 to 1000000.")]
        return 0
    return number


def _save_unique(department: Department) -> None:
    try:
        with transaction.atomic():
            department.save()
    except IntegrityError:
        raise ValidationFailed(
            {"name": [_("A department with this name already exists at this level.")]}
        ) from None


def _name_taken(name: str, parent: Department | None, exclude_pk: int | None) -> bool:
    same_level = Department.objects.filter(name=name, parent=parent)
    return (same_level if exclude_pk is None else same_level.exclude(pk=exclude_pk)).exists()


@transaction.atomic
def department_create(
    *, actor: Any, name: str, parent_id: Any = None, head_id: Any = None, sort_order: Any = 0
) -> Department:
    require(actor, "department", "create")
    errors: Errors = {}
    name = _name(name, errors)
    parent = _parent(actor, parent_id, "create", errors)
    head = _head(head_id, errors)
    order = _sort_order(sort_order, errors)
    if "name" not in errors and "parent" not in errors and _name_taken(name, parent, None):
        errors["name"] = [_("A department with this name already exists at this level.")]
    if errors:
        raise ValidationFailed(errors)
    department = Department(name=name, parent=parent, head=head, sort_order=order)
    _save_unique(department)
    department.path = f"{parent.path if parent else '/'}{department.pk}/"
    department.save(update_fields=["path"])
    audit(
        actor=actor,
        action="create",
        record=department,
        changes=changes_between({}, snapshot(department, FIELDS)),
    )
    emit("department.created", department_id=department.pk, actor_id=actor_id(actor))
    return department


def _move(department: Department, new_parent: Department | None) -> None:
    """Rewrite the path of the department and of everything below it in one UPDATE."""
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
    """Rename, move (``parent_id``), change the head or the order. A department cannot move under itself."""
    department = get_for_action(actor, "department", department_id, "edit")
    department = Department.objects.select_for_update().get(pk=department.pk)
    if version is not None and department.version != version:
        raise Conflict()
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValidationFailed({name: [_("Unknown field.")] for name in sorted(unknown)})
    before = snapshot(department, FIELDS)
    errors: Errors = {}
    if "name" in changes:
        department.name = _name(changes["name"], errors)
    if "head_id" in changes:
        department.head = _head(changes["head_id"], errors)
    if "sort_order" in changes:
        department.sort_order = _sort_order(changes["sort_order"], errors)
    new_parent = department.parent
    if "parent_id" in changes and changes["parent_id"] != department.parent_id:
        new_parent = _parent(actor, changes["parent_id"], "edit", errors)
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
    emit("department.updated", department_id=department.pk, actor_id=actor_id(actor), changed=sorted(diff))
    return department


@transaction.atomic
def department_delete(*, actor: Any, department_id: Any) -> None:
    """Delete an empty department: refused while it has sub-departments or members."""
    department = get_for_action(actor, "department", department_id, "delete")
    department = Department.objects.select_for_update().get(pk=department.pk)
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
    emit("department.deleted", department_id=department.pk, actor_id=actor_id(actor), name=department.name)
    try:
        with transaction.atomic():
            department.delete()
    except (ProtectedError, RestrictedError):
        raise ValidationFailed(
            {"department": [_("Other records still refer to this department.")]},
            message=_("This department cannot be deleted."),
        ) from None
