"""What core needs to know about people, supplied at start-up by the app that keeps them.

Core is domain-free: it never imports the people-and-roles app. The access layer, API authentication and
websocket authentication ask the registered ``Directory`` instead: whose grants, which staff, which departments,
whose token. ``atrium.accounts`` registers its directory in its ``AppConfig.ready()``; the test-only app could
register another. Asking before one is registered is a configuration error and says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet


class Directory(Protocol):
    """The people, departments and grants of the installation, as the shared mechanisms read them."""

    def grants_of(self, user: Any) -> Iterable[tuple[str, str, int]]:
        """(kind, action, scope) of every active role the user holds (the access layer keeps the widest)."""
        ...

    def active_staff(self) -> QuerySet:
        """The active internal people (not external clients), ordered by username."""
        ...

    def departments(self) -> QuerySet:
        """Every department, ordered by its path (a parent before its children)."""
        ...

    def people_in_department(self, path: str) -> QuerySet:
        """The people of the department with this path and of the departments below it."""
        ...

    def user_for_token(self, raw: str) -> Any | None:
        """The active person a valid personal API token belongs to, else None."""
        ...

    def preferred_language(self, user: Any) -> str:
        """The language the person chose ("" when they chose none)."""
        ...


_directory: list[Directory] = []


def register_directory(directory: Directory) -> None:
    """Called once at start-up by the app that keeps people; a second registration replaces the first."""
    _directory[:] = [directory]


def directory() -> Directory:
    if not _directory:
        raise ImproperlyConfigured(
            "No people directory is registered: the app that keeps people (atrium.accounts) must call "
            "core.directory.register_directory() in its AppConfig.ready()."
        )
    return _directory[0]
