"""The topics of the manual and which page of the product each one explains.

A topic is a Markdown file per language, ``content/<language>/<key>.md``, whose first line is its title
(``# 客户``). ``audience`` says who reads it: staff (every signed-in colleague) or clients (external people,
who see only the pages meant for them). ``HELP_FOR_PAGE`` maps a page's URL name — or a whole URL namespace —
to the topic its 帮助 link opens; a later app adds its pages there with its own topic file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

STAFF, CLIENTS = "staff", "clients"


@dataclass(frozen=True)
class Topic:
    key: str
    audience: str = STAFF


TOPICS: tuple[Topic, ...] = (
    Topic("getting-started"),
    Topic("customers"),
    Topic("pool"),
    Topic("deals"),
    Topic("contracts"),
    Topic("import"),
    Topic("search"),
    Topic("roles"),
    Topic("settings"),
    Topic("faq"),
    Topic("client", audience=CLIENTS),
)
BY_KEY = {topic.key: topic for topic in TOPICS}

# URL name ("namespace:name") or namespace → topic key. The most specific entry wins.
HELP_FOR_PAGE: dict[str, str] = {
    "home": "getting-started",
    "customers": "customers",
    "customers:pool": "pool",
    "customers:settings": "settings",
    "sales": "deals",
    "contracts": "contracts",
    "imports": "import",
    "lists": "customers",
    "search": "search",
    "accounts:roles": "roles",
    "accounts:role_detail": "roles",
    "accounts:role_grants": "roles",
    "accounts:departments": "roles",
    "accounts:department_detail": "roles",
    "accounts:users": "roles",
    "accounts:user_new": "roles",
    "accounts:user_detail": "roles",
    "accounts:user_roles": "roles",
    "settings": "settings",
    "accounts:operation_log": "settings",
    "company": "settings",
    "notification_settings": "settings",
    "fields": "settings",
    "help": "getting-started",
}


def topic_for_page(url_name: str, namespace: str, *, external: bool) -> str | None:
    """The topic a page's 帮助 link opens: its URL name's, else its namespace's; clients always get theirs."""
    if external:
        return "client"
    full = f"{namespace}:{url_name}" if namespace else url_name
    return HELP_FOR_PAGE.get(full) or (HELP_FOR_PAGE.get(namespace) if namespace else None)


def readable_by(topic: Topic, user: Any) -> bool:
    """Clients read the topics for clients; colleagues read every other topic (and the clients' one too)."""
    if getattr(user, "is_external", False):
        return topic.audience == CLIENTS
    return True
