"""Writes on roles and their grant matrix (kind × action → scope). Every change is a permission change in
the operation log."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _

from atrium.accounts.models import Role, RoleGrant
from atrium.core.access import forget_grants, get_for_action, require
from atrium.core.actors import actor_id
from atrium.core.audit import audit
from atrium.core.errors import Conflict, Forbidden, ValidationFailed
from atrium.core.events import emit
from atrium.core.kinds import Scope, all_kinds

GrantTriple = tuple[str, str, int]


def _triple(item: Any) -> tuple[Any, Any, int]:
    """(kind, action, scope) from a triple or a mapping with those keys; scope as a number."""
    if isinstance(item, Mapping):
        kind, action, scope = item["kind"], item["action"], item["scope"]
    else:
        kind, action, scope = item
    return kind, action, int(scope)


def _clean_grants(grants: Iterable[Any], errors: dict) -> dict[tuple[str, str], int]:
    """{(kind, action): scope}, refusing unknown kinds, actions and scopes; scope 0 means no grant."""
    allowed = {(k.key, a) for k in all_kinds() for a in k.actions}
    cleaned: dict[tuple[str, str], int] = {}
    problems = []
    for item in grants or ():
        try:
            kind, action, scope = _triple(item)
        except (TypeError, ValueError, KeyError):
            problems.append(_("Each grant is a kind, an action and a scope."))
            continue
        if (kind, action) not in allowed:
            problems.append(
                _("Unknown kind or action: %(kind)s.%(action)s") % {"kind": kind, "action": action}
            )
        elif scope not in (Scope.NONE, Scope.OWN, Scope.DEPARTMENT, Scope.ALL):
            problems.append(
                _("Unknown scope %(scope)s for %(kind)s.%(action)s")
                % {"scope": scope, "kind": kind, "action": action}
            )
        elif scope:
            cleaned[(kind, action)] = scope
    if problems:
        errors["grants"] = problems
    return cleaned


def _matrix(role: Role) -> dict[str, int]:
    return {f"{g.kind}.{g.action}": g.scope for g in role.grants.all()}


def _write_grants(role: Role, cleaned: dict[tuple[str, str], int]) -> None:
    role.grants.all().delete()
    RoleGrant.objects.bulk_create(
        RoleGrant(role=role, kind=kind, action=action, scope=scope)
        for (kind, action), scope in cleaned.items()
    )


def _free_code(name: str) -> str:
    """A code derived from the name (Chinese names give "role"), made unique with a number."""
    base = (slugify(name) or "role")[:50]
    taken = set(Role.objects.filter(code__startswith=base).values_list("code", flat=True))
    code, number = base, 1
    while code in taken:
        number += 1
        code = f"{base}-{number}"
    return code


def _others(exclude_pk: int | None) -> QuerySet[Role]:
    return Role.objects.all() if exclude_pk is None else Role.objects.exclude(pk=exclude_pk)


def _name_and_code(name: Any, code: Any, errors: dict, exclude_pk: int | None) -> tuple[str, str]:
    name = "" if name is None else str(name).strip()
    if not name:
        errors["name"] = [_("A role needs a name.")]
    elif len(name) > 60:
        errors["name"] = [_("At most 60 characters.")]
    elif _others(exclude_pk).filter(name=name).exists():
        errors["name"] = [_("A role with this name already exists.")]
    code = "" if code is None else str(code).strip()
    if not code:
        return name, _free_code(name)
    if not re.match(r"^[-a-z0-9_]{1,60}$", code):
        errors["code"] = [_("Lower-case letters, digits, - and _ only.")]
    elif _others(exclude_pk).filter(code=code).exists():
        errors["code"] = [_("A role with this code already exists.")]
    return name, code


def _description(description: Any, errors: dict) -> str:
    text = "" if description is None else str(description).strip()
    if len(text) > 300:
        errors["description"] = [_("At most 300 characters.")]
    return text


@transaction.atomic
def role_create(
    *, actor: Any, name: str, code: str = "", description: str = "", grants: Iterable[Any] = ()
) -> Role:
    require(actor, "role", "create")
    errors: dict[str, list[str]] = {}
    name, code = _name_and_code(name, code, errors, None)
    text = _description(description, errors)
    cleaned = _clean_grants(grants, errors)
    if errors:
        raise ValidationFailed(errors)
    role = Role.objects.create(name=name, code=code, description=text)
    _write_grants(role, cleaned)
    audit(
        actor=actor,
        action="permission",
        record=role,
        summary=_("Role created"),
        changes={"name": [None, name], "grants": [{}, _matrix(role)]},
    )
    emit("role.created", role_id=role.pk, actor_id=actor_id(actor))
    return role


@transaction.atomic
def role_update(
    *,
    actor: Any,
    role_id: Any,
    version: int | None,
    name: str | None = None,
    description: str | None = None,
    is_active: bool | None = None,
) -> Role:
    role = get_for_action(actor, "role", role_id, "edit")
    role = Role.objects.select_for_update().get(pk=role.pk)
    if version is not None and role.version != version:
        raise Conflict()
    errors: dict[str, list[str]] = {}
    changes: dict[str, list[Any]] = {}
    if name is not None and str(name).strip() != role.name:
        new_name, _code = _name_and_code(name, role.code, errors, role.pk)
        changes["name"] = [role.name, new_name]
        role.name = new_name
    text = None if description is None else _description(description, errors)
    if text is not None and text != role.description:
        changes["description"] = [role.description, text]
        role.description = text
    if is_active is not None and bool(is_active) != role.is_active:
        changes["is_active"] = [role.is_active, bool(is_active)]
        role.is_active = bool(is_active)
    if errors:
        raise ValidationFailed(errors)
    if changes:
        role.version += 1
        role.save()
        forget_grants(actor)
        audit(actor=actor, action="permission", record=role, changes=changes)
        emit("role.changed", role_id=role.pk, actor_id=actor_id(actor), changed=sorted(changes))
    return role


@transaction.atomic
def role_set_grants(*, actor: Any, role_id: Any, version: int | None, grants: Iterable[Any]) -> Role:
    """Replace the role's whole matrix with ``grants`` ([(kind, action, scope), …])."""
    role = get_for_action(actor, "role", role_id, "edit")
    role = Role.objects.select_for_update().get(pk=role.pk)
    if version is not None and role.version != version:
        raise Conflict()
    errors: dict[str, list[str]] = {}
    cleaned = _clean_grants(grants, errors)
    if errors:
        raise ValidationFailed(errors)
    before = _matrix(role)
    after = {f"{kind}.{action}": scope for (kind, action), scope in cleaned.items()}
    if before != after:
        _write_grants(role, cleaned)
        forget_grants(actor)
        role.version += 1
        role.save(update_fields=["version", "updated_at"])
        changed = {
            key: [before.get(key, 0), after.get(key, 0)]
            for key in sorted({*before, *after})
            if before.get(key, 0) != after.get(key, 0)
        }
        audit(actor=actor, action="permission", record=role, changes=changed)
        emit("role.changed", role_id=role.pk, actor_id=actor_id(actor), changed=["grants"])
    return role


@transaction.atomic
def role_delete(*, actor: Any, role_id: Any) -> None:
    role = get_for_action(actor, "role", role_id, "delete")
    if role.is_system:
        raise Forbidden(_("Built-in roles cannot be deleted; deactivate them instead."))
    holders = role.users.count()
    if holders:
        raise ValidationFailed(
            {"role": [_("%(count)d people hold this role. Take it from them first.") % {"count": holders}]},
            message=_("This role cannot be deleted."),
        )
    audit(
        actor=actor,
        action="permission",
        record=role,
        summary=_("Role deleted"),
        changes={"name": [role.name, None], "grants": [_matrix(role), {}]},
    )
    emit("role.deleted", role_id=role.pk, actor_id=actor_id(actor), name=role.name)
    role.delete()
