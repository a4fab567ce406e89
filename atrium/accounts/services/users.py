"""Writes on users: create, edit, roles, password, deactivate/reactivate."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from atrium.accounts.models import Department, Role, RoleGrant, User
from atrium.accounts.services.sessions import sessions_end_all
from atrium.core.access import forget_grants, get_for_action, require, scope_of
from atrium.core.actors import actor_id
from atrium.core.audit import audit, changes_between, snapshot
from atrium.core.contact_formats import email_error, normalize_phone, phone_error
from atrium.core.errors import Conflict, Forbidden, ValidationFailed
from atrium.core.events import emit
from atrium.core.kinds import Scope

_USERNAME = re.compile(r"^[\w.@+-]{2,150}$")
PROFILE_FIELDS = ("username", "display_name", "email", "phone", "department", "is_external", "language")
EDITABLE = {"username", "display_name", "email", "phone", "department_id", "is_external", "language"}
Errors = dict[str, list[str]]


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _others(exclude_pk: int | None) -> QuerySet[User]:
    return User.objects.all() if exclude_pk is None else User.objects.exclude(pk=exclude_pk)


def _check_username(errors: Errors, username: str, exclude_pk: int | None) -> None:
    if not _USERNAME.match(username):
        _add(errors, "username", _("2–150 letters, digits or . @ + - _ only."))
    elif _others(exclude_pk).filter(username__iexact=username).exists():
        _add(errors, "username", _("This username is already taken."))


def _check_email(errors: Errors, email: str, exclude_pk: int | None) -> None:
    message = email_error(email)
    if message:
        _add(errors, "email", message)
    elif len(email) > 254:
        _add(errors, "email", _("At most 254 characters."))
    elif email and _others(exclude_pk).filter(email__iexact=email).exists():
        _add(errors, "email", _("Another user already has this e-mail address."))


def _check_plain_fields(errors: Errors, user: User) -> None:
    if len(user.display_name) > 100:
        _add(errors, "display_name", _("At most 100 characters."))
    if message := phone_error(user.phone):
        _add(errors, "phone", message)
    if user.language and user.language not in {code for code, _name in settings.LANGUAGES}:
        _add(errors, "language", _("Unknown language."))


def _department_for(actor: Any, department_id: Any, action: str, errors: Errors) -> Department | None:
    """The department a user is put in must exist and lie within the actor's reach for ``action``; people
    who do not reach every department must name one."""
    reach_all = scope_of(actor, "user", action) == Scope.ALL
    if department_id in (None, ""):
        if not reach_all:
            _add(errors, "department", _("Choose a department in your reach."))
        return None
    try:
        department = Department.objects.filter(pk=int(department_id)).first()
    except (TypeError, ValueError):
        department = None
    if department is None:
        _add(errors, "department", _("This department does not exist."))
        return None
    if not reach_all:
        own_path = actor.department.path if actor.department_id else None
        if own_path is None or not department.path.startswith(own_path):
            _add(errors, "department", _("You may only place people in your own department or below it."))
    return department


def _roles_for(actor: Any, role_ids: Iterable[Any] | None, errors: Errors) -> list[Role]:
    """Active roles by id; an actor may only hand out roles that grant nothing beyond their own rights."""
    try:
        ids = sorted({int(r) for r in role_ids or ()})
    except (TypeError, ValueError):
        _add(errors, "roles", _("One or more roles do not exist."))
        return []
    roles = list(Role.objects.filter(pk__in=ids, is_active=True))
    if len(roles) != len(ids):
        _add(errors, "roles", _("One or more roles do not exist."))
        return roles
    grants = RoleGrant.objects.filter(role__in=roles).values_list("role__name", "kind", "action", "scope")
    beyond = sorted(
        {name for name, kind, action, scope in grants if _grant_beyond(actor, kind, action, scope)}
    )
    if beyond:
        _add(
            errors,
            "roles",
            _("You cannot give roles with more rights than your own: %(roles)s")
            % {"roles": "、".join(beyond)},
        )
    return roles


def _grant_beyond(actor: Any, kind: str, action: str, scope: int) -> bool:
    try:
        return scope_of(actor, kind, action) < scope
    except LookupError:  # a grant on a kind no longer registered gives nothing
        return False


def _password_errors(password: Any, user: User, errors: Errors) -> None:
    if not isinstance(password, str) or not password:
        _add(errors, "password", _("Enter a password."))
        return
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        for message in exc.messages:
            _add(errors, "password", message)


def _save_identity(user: User, **kwargs: Any) -> None:
    """Save; a concurrent insert of the same username or e-mail becomes a field error, not a 500."""
    try:
        with transaction.atomic():
            user.save(**kwargs)
    except IntegrityError:
        raise ValidationFailed(
            {"username": [_("This username or e-mail address is already taken.")]}
        ) from None


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    display_name: str = "",
    email: str = "",
    phone: str = "",
    department_id: Any = None,
    role_ids: Iterable[Any] = (),
    password: str | None = None,
    is_external: bool = False,
    language: str = "",
) -> User:
    require(actor, "user", "create")
    user = User(
        username=_text(username).lower(),
        display_name=_text(display_name),
        email=_text(email),
        phone=normalize_phone(_text(phone)),
        is_external=bool(is_external),
        language=_text(language),
    )
    errors: Errors = {}
    _check_username(errors, user.username, None)
    _check_email(errors, user.email, None)
    _check_plain_fields(errors, user)
    user.department = _department_for(actor, department_id, "create", errors)
    roles: list[Role] = []
    if role_ids:
        if scope_of(actor, "user", "assign") == Scope.NONE:
            _add(errors, "roles", _("You may not assign roles."))
        else:
            roles = _roles_for(actor, role_ids, errors)
    if password:
        _password_errors(password, user, errors)
    if errors:
        raise ValidationFailed(errors)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    _save_identity(user)
    user.roles.set(roles)
    created = snapshot(user, PROFILE_FIELDS)
    created["roles"] = sorted(r.name for r in roles)
    audit(actor=actor, action="create", record=user, changes=changes_between({}, created))
    emit("user.created", user_id=user.pk, actor_id=actor_id(actor))
    return user


def _locked_for(actor: Any, user_id: Any, action: str, version: int | None) -> User:
    user = get_for_action(actor, "user", user_id, action)
    # Lock only the user's row: PostgreSQL refuses FOR UPDATE on the nullable side of the department join.
    locked = User.objects.select_for_update(of=("self",)).select_related("department").get(pk=user.pk)
    if version is not None and locked.version != version:
        raise Conflict()
    return locked


@transaction.atomic
def user_update(*, actor: Any, user_id: Any, version: int | None, **changes: Any) -> User:
    """Edit profile fields (those in EDITABLE; the department as ``department_id``)."""
    user = _locked_for(actor, user_id, "edit", version)
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValidationFailed({name: [_("Unknown field.")] for name in sorted(unknown)})
    before = snapshot(user, PROFILE_FIELDS)
    errors: Errors = {}
    if "username" in changes and _text(changes["username"]).lower() != user.username:
        user.username = _text(changes["username"]).lower()
        _check_username(errors, user.username, user.pk)
    if "email" in changes and _text(changes["email"]) != user.email:
        user.email = _text(changes["email"])
        _check_email(errors, user.email, user.pk)
    if "phone" in changes:
        user.phone = normalize_phone(_text(changes["phone"]))
    for name in ("display_name", "language"):
        if name in changes:
            setattr(user, name, _text(changes[name]))
    if "is_external" in changes:
        user.is_external = bool(changes["is_external"])
    _check_plain_fields(errors, user)
    if "department_id" in changes and changes["department_id"] != user.department_id:
        user.department = _department_for(actor, changes["department_id"], "edit", errors)
    if errors:
        raise ValidationFailed(errors)
    diff = changes_between(before, snapshot(user, PROFILE_FIELDS))
    if not diff:
        return user
    user.version += 1
    _save_identity(user)
    if "email" in diff:
        forget_old_email_addresses(user)
    audit(actor=actor, action="update", record=user, changes=diff)
    emit("user.updated", user_id=user.pk, actor_id=actor_id(actor))
    return user


def forget_old_email_addresses(user: User) -> None:
    """allauth keeps its own list of a person's addresses (single sign-on and password reset look there):
    drop the ones that are no longer the person's address, whoever changed it."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email or "\x00").delete()


@transaction.atomic
def user_set_roles(*, actor: Any, user_id: Any, role_ids: Iterable[Any]) -> User:
    user = _locked_for(actor, user_id, "assign", None)
    errors: Errors = {}
    roles = _roles_for(actor, role_ids, errors)
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
    if user.pk == getattr(actor, "pk", None):
        forget_grants(actor)
    audit(actor=actor, action="permission", record=user, changes={"roles": [before, after]})
    emit("user.roles_changed", user_id=user.pk, actor_id=actor_id(actor))
    return user


@transaction.atomic
def user_set_password(*, actor: Any, user_id: Any, password: str) -> User:
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
    emit("user.password_reset", user_id=user.pk, actor_id=actor_id(actor))
    return user


@transaction.atomic
def user_deactivate(*, actor: Any, user_id: Any) -> User:
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
    emit("user.deactivated", user_id=user.pk, actor_id=actor_id(actor))
    return user


@transaction.atomic
def user_reactivate(*, actor: Any, user_id: Any) -> User:
    locked = _locked_for(actor, user_id, "edit", None)
    if locked.is_active:
        return locked
    locked.is_active = True
    locked.version += 1
    locked.save(update_fields=["is_active", "version", "updated_at"])
    audit(actor=actor, action="update", record=locked, changes={"is_active": [False, True]})
    emit("user.reactivated", user_id=locked.pk, actor_id=actor_id(actor))
    return locked
