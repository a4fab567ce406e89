"""The first-run checklist on the home page (开始使用): for the people who set the company up — those who may
manage users and roles — until every step is done. Each step ticks itself from the data."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from atrium.core.access import can
from atrium.core.home_panels import HomePanel, register_home_panel
from atrium.help.selectors import first_run_steps


def may_set_up(user: Any) -> bool:
    return not user.is_external and can(user, "user", "edit") and can(user, "role", "edit")


STEPS = (
    ("departments", _("Create the departments"), "accounts:departments", "roles"),
    ("people", _("Invite your colleagues"), "accounts:user_new", "roles"),
    ("roles", _("Give them roles"), "accounts:users", "roles"),
    ("customers", _("Import your customers"), "imports:new", "import"),
)


def _checklist(user: Any) -> dict[str, Any] | None:
    if not may_set_up(user):
        return None
    done = first_run_steps(user)
    steps = [
        {
            "key": key,
            "label": label,
            "done": done[key],
            "url": reverse(url_name) + ("?kind=customers" if key == "customers" else ""),
            "help_url": reverse("help:topic", args=[topic]),
        }
        for key, label, url_name, topic in STEPS
    ]
    if all(step["done"] for step in steps):
        return None
    return {"steps": steps, "done_count": sum(step["done"] for step in steps), "step_count": len(steps)}


register_home_panel(
    HomePanel(key="first_run", template="help/home/_first_run.html", order=1, context=_checklist)
)
