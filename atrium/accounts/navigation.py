"""Menu entries of this app (administration section), each shown only to people who may view that list."""

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from atrium.core.access import can
from atrium.core.navigation import NavEntry, register_nav
from atrium.core.settings_centre import SettingsSection, register_settings_section


def _may_view(kind: str) -> Callable[[Any], bool]:
    return lambda user: can(user, kind, "view")


def _may_manage(kind: str) -> Callable[[Any], bool]:
    """A settings card is for those who change what it lists (viewing the directory is not a setting)."""
    return lambda user: can(user, kind, "edit")


for key, label, url_name, icon, order in (
    ("user", _("Users"), "accounts:users", "👤", 10),
    ("department", _("Departments"), "accounts:departments", "🏢", 20),
    ("role", _("Roles"), "accounts:roles", "🔑", 30),
):
    register_nav(
        NavEntry(
            key=f"admin_{key}s",
            label=label,
            url_name=url_name,
            section="admin",
            icon=icon,
            order=order,
            allowed=_may_view(key),
        )
    )

for key, title, description, url_name, icon, order in (
    (
        "users",
        _("Users"),
        _("Invite people, change their details, deactivate those who left."),
        "accounts:users",
        "👤",
        10,
    ),
    (
        "departments",
        _("Departments"),
        _("The company's departments; department scopes follow this tree."),
        "accounts:departments",
        "🏢",
        20,
    ),
    (
        "roles",
        _("Roles and permissions"),
        _("What each role may view, edit, delete, export and assign: own, department or all."),
        "accounts:roles",
        "🔑",
        30,
    ),
):
    register_settings_section(
        SettingsSection(
            key=key,
            title=title,
            description=description,
            url_name=url_name,
            group="people",
            order=order,
            icon=icon,
            allowed=_may_manage(key.rstrip("s")),
        )
    )
