"""Writes on users: create, edit, roles, password, deactivate/reactivate."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from atrium.accounts.models import Department, Role, User
from atrium.accounts.services.sessions import sessions_end_all
from atrium.core.access import forget_grants, get_for_action, require, scope_of
from atrium.core.audit import audit, changes_between, snapshot
from atrium.core.contact_formats import email_error, normalize_phone, phone_error
from atrium.core.errors import Conflict, Forbidden, ValidationFailed
from atrium.core.events import emit
from atrium.core.kinds import Scope

_USERNAME = re.compile(r"^[\w.@+-]{2,150}$")
PROFILE_FIELDS = ("username", "display_name", "email", "phone", "department", "is_external", "language")
Errors = dict[str, list[str]]


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _check_identity(errors: Errors, *, username: str, email: str, exclude_pk: int | None) -> None:
    others = User.objects.exclude(pk=exclude_pk) if exclude_pk else User.objects.all()
    if not _USERNAME.match(username):
        _add(errors, "username", _("2–150 letters, digits or . @ + - _ only."))
    elif others.filter(username__iexact=username).exists():
        _add(errors, "username", _("This username is already taken."))
    message = email_error(email)
    if message:
        _add(errors, "email", message)
    elif email and others.filter(email__iexact=email).exists():
        _add(errors, "email", _("Another user already has this e-mail address."))


def _department_for(actor: Any, department_id: int | None, action: str, errors: Errors) -> Department | None:
    """The department a user is put in must exist and lie within the actor's reach for ``action``."""
    if department_id in (None, ""):
        return None
    department = Department.objects.filter(pk=department_id).first()
    if department is None:
        _add(errors, "department", _("This department does not exist."))
        return None
    if scope_of(actor, "user", action) < Scope.ALL:
        own_path = actor.department.path if actor.department_id else None
        if own_path is None or not department.path.startswith(own_path):
            _add(errors, "department", _("You may only place people in your own department or below it."))
    return department


def _roles_for(role_ids: Any, errors: Errors) -> list[Role]:
    ids = sorted({int(r) for r in role_ids or ()})
    roles = list(Role.objects.filter(pk__in=ids, is_active=True))
    if len(roles) != len(ids):
        _add(errors, "roles", _("One or more roles do not exist."))
    return roles


def _password_errors(password: str, user: User, errors: Errors) -> None:
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        for message in exc.messages:
            _add(errors, "password", message)


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    display_name: str = "",
    email: str = "",
    phone: str = "",
    department_id: int | None = None,
    role_ids: Any = (),
    password: str | None = None,
    is_external: bool = False,
    language: str = "",
) -> User:
    require(actor, "user", "create")
    username, email, phone = username.strip().lower(), email.strip(), normalize_phone(phone)
    errors: Errors = {}
    _check_identity(errors, username=username, email=email, exclude_pk=None)
    if message := phone_error(phone):
        _add(errors, "phone", message)
    department = _department_for(actor, department_id, "create", errors)
    roles = _roles_for(role_ids, errors) if role_ids else []
    if roles and scope_of(actor, "user", "assign") == Scope.NONE:
        _add(errors, "roles", _("You may not assign roles."))
    user = User(
        username=username,
        display_name=display_name.strip(),
        email=email,
        phone=phone,
        department=department,
        is_external=is_external,
        language=language,
    )
    if password:
        _password_errors(password, user, errors)
    if errors:
        raise ValidationFailed(errors)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise ValidationFailed({"username": [_("This username is already taken.")]}) from None
    user.roles.set(roles)
    created = snapshot(user, PROFILE_FIELDS)
    created["roles"] = [r.name for r in roles]
    audit(actor=actor, action="create", record=user, changes=changes_between({}, created))
    emit("user.created", user_id=user.pk)
    return user


def _locked_for(actor: Any, user_id: int, action: str, version: int | None) -> User:
    user = get_for_action(actor, "user", user_id, action)
    locked = User.objects.select_for_update().select_related("department").get(pk=user.pk)
    if version is not None and locked.version != version:
        raise Conflict()
    return locked


@transaction.atomic
def user_update(*, actor: Any, user_id: int, version: int | None, **changes: Any) -> User:
    """Edit profile fields (those in PROFILE_FIELDS; department as ``department_id``)."""
    user = _locked_for(actor, user_id, "edit", version)
    unknown = set(changes) - {*PROFILE_FIELDS, "department_id"} - {"department"}
    if unknown:
        raise ValidationFailed({name: [_("Unknown field.")] for name in sorted(unknown)})
    before = snapshot(user, PROFILE_FIELDS)
    errors: Errors = {}
    if "username" in changes:
        user.username = str(changes["username"]).strip().lower()
    if "email" in changes:
        user.email = str(changes["email"]).strip()
    _check_identity(errors, username=user.username, email=user.email, exclude_pk=user.pk)
    if "phone" in changes:
        user.phone = normalize_phone(str(changes["phone"]))
        if message := phone_error(user.phone):
            _add(errors, "phone", message)
    if "department_id" in changes:
        user.department = _department_for(actor, changes["department_id"], "edit", errors)
    for name in ("display_name", "language"):
        if name in changes:
            setattr(user, name, str(changes[name]).strip())
    if "is_external" in changes:
        user.is_external = bool(changes["is_external"])
    if errors:
        raise ValidationFailed(errors)
    diff = changes_between(before, snapshot(user, PROFILE_FIELDS))
    if not diff:
        return user
    user.version += 1
    user.save()
    audit(actor=actor, action="update", record=user, changes=diff)
    emit("user.updated", user_id=user.pk)
    return user


@transaction.atomic
def user_set_roles(*, actor: Any, user_id: int, role_ids: Any) -> User:
    user = _locked_for(actor, user_id, "assign", None)
    errors: Errors = {}
    roles = _roles_for(role_ids, errors)
    if errors:
        raise ValidationFailed(errors)
    before = sorted(user.roles.values_list("name", flat=True))
    after = sorted(r.name for r in roles)
    if before == after:
        return user
    user.roles.set(roles)
    user.version += 1
    user.save(update_fields=["version", "updated_at"])
    forget_grants(user)
    audit(actor=actor, action="permission", record=user, changes={"roles": [before, after]})
    emit("user.roles_changed", user_id=user.pk)
    return user


@transaction.atomic
def user_set_password(*, actor: Any, user_id: int, password: str) -> User:
    """An admin sets a new password; every session of that user ends."""
    user = _locked_for(actor, user_id, "edit", None)
    errors: Errors = {}
    _password_errors(password, user, errors)
    if errors:
        raise ValidationFailed(errors)
    user.set_password(password)
    user.save(update_fields=["password", "updated_at"])
    if user.pk != getattr(actor, "pk", None):
        sessions_end_all(user)
    audit(
        actor=actor,
        action="update",
        record=user,
        changes={"password": ["***", "***"]},
        summary=_("Password reset by an administrator"),
    )
    return user


@transaction.atomic
def user_deactivate(*, actor: Any, user_id: int) -> User:
    """Block sign-in; end every session, token use and open websocket of the user at once."""
    user = _locked_for(actor, user_id, "edit", None)
    if user.pk == getattr(actor, "pk", None):
        raise Forbidden(_("You cannot deactivate yourself."))
    if not user.is_active:
        return user
    user.is_active = False
    user.version += 1
    user.save(update_fields=["is_active", "version", "updated_at"])
    sessions_end_all(user)
    audit(actor=actor, action="update", record=user, changes={"is_active": [True, False]})
    emit("user.deactivated", user_id=user.pk)
    return user


@transaction.atomic
def user_reactivate(*, actor: Any, user_id: int) -> User:
    locked = _locked_for(actor, user_id, "edit", None)
    if locked.is_active:
        return locked
    locked.is_active = True
    locked.version += 1
    locked.save(update_fields=["is_active", "version", "updated_at"])
    audit(actor=actor, action="update", record=locked, changes={"is_active": [False, True]})
    emit("user.reactivated", user_id=locked.pk)
    return locked
