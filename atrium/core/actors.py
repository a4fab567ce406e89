"""Who does a write, and what is done: the typed actor and the actions.

An actor is a person (the ``User``) or a named system process (``SystemActor("pool_return")``): every service
takes ``actor`` first, and ``core.audit`` records a person by their account and a process by its name in the
site's language (系统 · …). Actions are an enum; grants use the seven of ``Action``, the log the verbs of
``AuditVerb``. Both are ``str`` enums, so ``Action.EDIT == "edit"`` wherever a plain string was used.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeAlias

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser


class Action(StrEnum):
    """What a role grants per kind of record (with a scope)."""

    VIEW = "view"
    CREATE = "create"
    EDIT = "edit"
    DELETE = "delete"
    IMPORT = "import"
    EXPORT = "export"
    ASSIGN = "assign"


class AuditVerb(StrEnum):
    """What an operation-log row says was done (``OperationLog.action``)."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    CLAIM = "claim"
    RELEASE = "release"
    TRANSFER = "transfer"
    MERGE = "merge"
    LOGIN = "login"
    LOGOUT = "logout"
    LOGIN_FAILED = "login_failed"
    EXPORT = "export"
    IMPORT = "import"
    PERMISSION = "permission"
    OTHER = "other"


_system_actor_labels: dict[str, Promise | str] = {}


def register_system_actor(key: str, label: Promise | str) -> None:
    """Declare a system process that writes (its name is what the log shows as the person)."""
    _system_actor_labels[key] = label


@dataclass(frozen=True)
class SystemActor:
    """A named process of the system (a worker job, a nightly rule): no account, all rights of its job."""

    key: str
    pk: None = None
    is_authenticated = False
    is_active = True

    def __post_init__(self) -> None:
        if self.key not in _system_actor_labels:
            raise LookupError(f"unknown system actor {self.key!r}: register_system_actor() it first")

    @property
    def label(self) -> str:
        return str(_system_actor_labels[self.key])

    def log_name(self) -> str:
        """The name the operation log keeps, in the site's language (the log shows it to everybody)."""
        with translation.override(settings.LANGUAGE_CODE):
            return str(_("System · %(process)s") % {"process": self.label})

    def __str__(self) -> str:
        return self.label


# A signed-out visitor may reach a service through a view; the access layer refuses them everything.
Actor: TypeAlias = "AbstractBaseUser | AnonymousUser | SystemActor"


def is_system(actor: Any) -> bool:
    return isinstance(actor, SystemActor)


def actor_id(actor: Any) -> int | None:
    """The user id of a person, None for a system process."""
    return None if actor is None or is_system(actor) else getattr(actor, "pk", None)


def person(actor: Any) -> Any:
    """The user record behind a person actor (for fields like ``created_by``); None for a system process."""
    return None if actor is None or is_system(actor) else actor
