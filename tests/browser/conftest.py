"""Playwright journeys in Debian's Chromium against a live Atrium server (zh-Hans by default).

Every test in this folder is marked ``browser``; ``make test`` runs them in their own pass.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "1")

CHROMIUM = os.environ.get("ATRIUM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package (see .ci/run)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


# Every page reports Content-Security-Policy violations (enforced or, with ATRIUM_CSP_REPORT_ONLY=true,
# report-only) to the console, where the journey collects them and fails at its end.
CSP_WATCH = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation (" + e.disposition + "): " + e.violatedDirective + " blocked "
    + (e.blockedURI || "inline code") + " at " + (e.sourceFile || location.href) + ":" + e.lineNumber
    + (e.sample ? " [" + e.sample + "]" : ""));
}, true);
"""


def watch_csp(target, found: list[str]) -> None:
    """Collect into ``found`` the CSP violations of a browser context or page (and Chromium's own reports)."""
    target.add_init_script(CSP_WATCH)

    def seen(message) -> None:
        text = message.text
        if "CSP violation" in text or "Content Security Policy" in text:
            found.append(text)

    target.on("console", seen)


@pytest.fixture
def csp_guard():
    """csp_guard(context) → that context's pages fail the journey, at its end, on any CSP violation."""
    violations: list[str] = []
    yield lambda target: watch_csp(target, violations)
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(dict.fromkeys(violations)))


@pytest.fixture
def context(context, csp_guard):
    """pytest-playwright's context, watched for Content-Security-Policy violations."""
    csp_guard(context)
    return context


@pytest.fixture
def site(live_server, transactional_db, personas):
    """The live server's base URL, with the personas in its database."""
    return live_server.url


@pytest.fixture
def sign_in(page, site):
    """sign_in("sales1") → signs that persona in through the real login form."""

    def go(username: str, password: str = "atrium-demo"):
        page.goto(f"{site}/accounts/login/")
        page.fill("input[name=login]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        return page

    return go


@pytest.fixture(autouse=True)
def _restore_migrated_rows(transactional_db):
    """Each live-server journey empties the database when it ends, and with it the built-in roles that a
    data migration wrote; put them back, so that every journey, in any order, starts from the same database.
    (Django's serialized rollback does not help here: Playwright's event loop hides the test connection.)"""
    import importlib

    from django.apps import apps

    from atrium.accounts.models import Role, RoleGrant
    from atrium.fields.models import ChoiceOption

    if not Role.objects.exists():
        importlib.import_module("atrium.accounts.migrations.0002_default_roles").forwards(apps, None)
    if not RoleGrant.objects.filter(kind="operation_alert").exists():
        importlib.import_module("atrium.alerts.migrations.0002_admin_sees_alerts_and_rules").forwards(
            apps, None
        )
    if not RoleGrant.objects.filter(kind="custom_field").exists():
        importlib.import_module("atrium.fields.migrations.0002_admins_manage_custom_fields").forwards(
            apps, None
        )
    if not ChoiceOption.objects.exists():
        first = importlib.import_module("atrium.customers.migrations.0002_default_grants_and_lists")
        from atrium.accounts.default_roles import grant_defaults

        grant_defaults(apps, first.DEFAULTS)
        lists = [("industry", v, True) for v in first.INDUSTRIES] + [
            ("source", v, True) for v in first.SOURCES
        ]
        importlib.import_module("atrium.customers.migrations.0013_choice_lists_in_one_place").seed_lists(
            apps, lists
        )
        # The flush empties model tables only: empty the search index tables too (no records are left).
        from atrium.core.search import rebuild_index
        from atrium.core.search.registry import all_specs

        for spec in all_specs():
            rebuild_index(spec.kind)
    if not RoleGrant.objects.filter(kind="deal").exists():  # deal grants and the first pipeline
        importlib.import_module("atrium.sales.migrations.0002_default_grants_and_pipeline").forwards(
            apps, None
        )
    if not RoleGrant.objects.filter(kind="quote").exists():
        importlib.import_module("atrium.sales.migrations.0005_quote_grants_and_search").forwards(apps, None)
    if not RoleGrant.objects.filter(kind="contract").exists():
        importlib.import_module("atrium.contracts.migrations.0002_default_grants_and_search").forwards(
            apps, None
        )
