"""Reads of the help centre: the topics a person may read, one topic's page, the search over them."""

from __future__ import annotations

from typing import Any

from atrium.accounts.models import Department, User
from atrium.core.errors import NotFound
from atrium.help.content import Found, Page, language_of, page, search_pages
from atrium.help.topics import BY_KEY, TOPICS, readable_by
from atrium.imports.models import ImportJob


def help_pages_for(user: Any, language_code: str | None) -> list[Page]:
    language = language_of(language_code)
    pages = [page(topic.key, language) for topic in TOPICS if readable_by(topic, user)]
    return [item for item in pages if item is not None]


def help_page_get(user: Any, key: str, language_code: str | None) -> Page:
    """The page of a topic the person may read; NotFound for any other key (a client asking for a staff topic
    learns nothing about it)."""
    topic = BY_KEY.get(key)
    found = page(key, language_of(language_code)) if topic is not None and readable_by(topic, user) else None
    if found is None:
        raise NotFound()
    return found


def help_search(user: Any, query: str, language_code: str | None) -> list[Found]:
    return search_pages(help_pages_for(user, language_code), query or "")


def first_run_steps(user: Any) -> dict[str, bool]:
    """Which steps of setting the company up are done, from the data: a department exists; someone besides
    this person has an account; someone besides this person holds a role; a customer import has imported
    rows."""
    others = User.objects.filter(is_active=True, is_external=False).exclude(pk=user.pk)
    return {
        "departments": Department.objects.exists(),
        "people": others.exists(),
        "roles": others.filter(roles__is_active=True).exists(),
        "customers": ImportJob.objects.filter(
            kind="customers", status=ImportJob.Status.DONE, imported__gt=0
        ).exists(),
    }
