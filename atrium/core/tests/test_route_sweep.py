"""The permission sweep: every URL pattern and every API operation, requested by every kind of person, against
one record per kind owned by sales2 (张华, 销售二部).

What must hold (for GET and for the route's writes, with an empty HTML form or a minimal JSON body):
- nobody gets a 500;
- signed out: a redirect to the sign-in page (the API: 401), except the public routes listed below;
- outsider (no role) and sales1 (a sales rep of 销售一部) get 404 on every route of sales2's record; records of
  the company directory that every colleague may view (sales2 as a user, 销售二部) may be read but not changed;
- a read-only grant (view on every kind, nothing else) gets 403 on every write of a record it can see, and is
  refused every create, import, bulk or settings write;
- the client (an external person) reaches only their own account (``PERSONAL``); everything else answers
  404, 403, 405 or a redirect to their home.

Records come from the fixture registry (atrium/testing/sweep.py, one ``tests/sweep_fixtures.py`` per app). A
route whose keyword argument has no registered fixture makes the sweep fail, naming the route: a new route is
covered the day it is added. The records are made once for the module; each request runs in a savepoint that
is rolled back, so a write that succeeds changes nothing for the next request.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from atrium.accounts.models import Department, Role, RoleGrant, User
from atrium.core.kinds import Scope, all_kinds
from atrium.core.models import OperationLog
from atrium.testing.personas import make_personas
from atrium.testing.sweep import SweepWorld, argument, load_sweep_fixtures, make_records

# Routes anyone may open signed out: sign-in, sign-out, password reset, e-mail confirmation, single sign-on,
# the language switch, the health check and the API's own description. Requested with GET only (no 500).
PUBLIC = {
    "healthz",
    "set_language",
    "account_login",
    "account_logout",
    "account_inactive",
    "account_signup",
    "account_email_verification_sent",
    "account_confirm_email",
    "account_confirm_login_code",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "mfa_authenticate",
    "socialaccount_login_cancelled",
    "socialaccount_login_error",
    "socialaccount_signup",
    "openid_connect_login",
    "openid_connect_callback",
    "api:openapi-json",
    "api:openapi-view",
    "api:api-root",
    # A sent quote's signed link (no sign-in); its refusals are tested in sales/tests/test_quote_answers.py.
    "sales:quote_public",
    "sales:quote_public_pdf",
}
# allauth's old unnamed aliases of its social-account pages (public, as their named twins).
PUBLIC_UNNAMED_PREFIXES = ("accounts/social/",)

# A person's own account: every signed-in person (the client too) may use these.
PERSONAL = {
    "home",
    "account_email",
    "account_change_password",
    "account_set_password",
    "account_reauthenticate",
    "mfa_index",
    "mfa_reauthenticate",
    "mfa_activate_totp",
    "mfa_deactivate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "socialaccount_connections",
    "accounts:profile",
    "notifications:inbox",
    "notifications:read_all",
    "notifications:read",
    "notifications:open",
    "notifications:preferences",
    "feedback:list",  # one's own feedback (admins: everyone's)
    "feedback:new",
    "api:me",
    "api:list_notifications",
    "api:read_all",
    "api:read_one",
    "api:get_preferences",
    "api:put_preferences",
    "help:index",
    "help:topic",
    "company:logo",  # the company's logo in everyone's header
}
# Personal routes that everyone but the client may use: the client gets API tokens only when a role grants them.
STAFF_PERSONAL = {"accounts:tokens", "accounts:token_new", "accounts:token_revoke"} | {
    "api:token_list",
    "api:token_new",
    "api:token_delete",
}
# Answers the sweep accepts for now, each with its reason: (person, route, method) → why.
# Each is a defect owned by another part of the work, to be removed from here when it is fixed.
_FORM_FIRST = "the form is checked before the right: an empty form answers 400 instead of 403"
KNOWN: dict[tuple[str, str, str], str] = {
    ("anonymous", "account_email", "GET"): "a redirect to 我的账户, which asks to sign in",
    ("anonymous", "account_email", "POST"): "a redirect to 我的账户, which asks to sign in",
    # The API checks a body against its schema before the handler runs, and the job page its settings before
    # the service looks at the right: bad input answers 400 before the refusal.
    ("readonly", "api:merge_customers", "POST"): _FORM_FIRST,
    ("readonly", "imports:job", "POST"): _FORM_FIRST,
}
WRITES = ("POST", "PUT", "PATCH", "DELETE")
REFUSED = {403, 404, 405}
API_PREFIX = "/api/v1/"
# The marker makes pytest-django create the test database; the records are made once, by the module fixture.
pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Request:
    name: str  # the route's name (namespace:name), or its API operation id as api:<id>
    method: str
    path: str
    arguments: tuple[str, ...]  # the keyword arguments filled from the registry
    directory: bool = False
    body: Any = None
    absent_path: str = ""  # the same route for records that do not exist

    @property
    def is_api(self) -> bool:
        return self.path.startswith(API_PREFIX)

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.name})"


# The routes ----------------------------------------------------------------------------------------------


def _url_patterns(patterns, prefix: str = "", namespace: str = "", outer: tuple[str, ...] = ()):
    """Every URL pattern with its full route text, its namespaced name and its keyword arguments, allauth's
    and i18n's included."""
    for pattern in patterns:
        arguments = [*outer, *pattern.pattern.regex.groupindex]
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_patterns(
                pattern.url_patterns, prefix + str(pattern.pattern), inner, tuple(arguments)
            )
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else ""
            yield prefix + str(pattern.pattern), name, arguments


def _missing_fixture(route: str, name: str) -> str:
    return (
        f"{route} has the URL argument {name!r} without a sweep fixture: register it in "
        f"atrium/<app>/tests/sweep_fixtures.py with url_argument({name!r}, record=<kind>) and a "
        f"@record_maker(<kind>) that makes one record owned by sales2 (see atrium/testing/sweep.py)"
    )


def _public(route: str, name: str) -> bool:
    return name in PUBLIC or (not name and route.startswith(PUBLIC_UNNAMED_PREFIXES))


def _combinations(route: str, names: list[str], world: SweepWorld) -> tuple[list[dict[str, str]], list[str]]:
    combos: list[dict[str, str]] = [{}]
    problems = []
    for name in names:
        registered = argument(name)
        if registered is None:
            problems.append(_missing_fixture(route, name))
            continue
        combos = [{**combo, name: value} for combo in combos for value in registered.values_in(world)]
    return combos, problems


def _record_arguments(names: list[str]) -> tuple[tuple[str, ...], bool]:
    registered = [argument(n) for n in names]
    records = tuple(a.name for a in registered if a is not None and a.record is not None)
    return records, any(a is not None and a.directory for a in registered)


def _absent(records: tuple[str, ...]) -> dict[str, str]:
    return dict.fromkeys(records, "987654321")


def page_requests(world: SweepWorld) -> tuple[list[Request], list[str]]:
    requests, problems = [], []
    for route, name, names in _url_patterns(get_resolver().url_patterns):
        if name.startswith("api:") or _public(route, name):
            continue  # the API is swept from its schema; public routes by public_requests()
        if not name:
            problems.append(f"{route} has no name: name it, or list it as public in {__name__}")
            continue
        combos, missing = _combinations(route, names, world)
        problems += missing
        records, directory = _record_arguments(names)
        for kwargs in [] if missing else combos:
            try:
                path, absent = (
                    reverse(name, kwargs=kwargs),
                    reverse(name, kwargs={**kwargs, **_absent(records)}),
                )
            except NoReverseMatch:
                continue  # a value the route's own pattern refuses (an export of another app's list)
            requests += [
                Request(name, method, path, records, directory, absent_path=absent if records else "")
                for method in ("GET", "POST")
            ]
    return requests, problems


def public_requests() -> list[Request]:
    return [
        Request(name, "GET", reverse(name), ())
        for route, name, names in _url_patterns(get_resolver().url_patterns)
        if name and _public(route, name) and not names
    ]


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def minimal_body(schema: dict, node: dict) -> Any:
    """The smallest value the schema accepts: required properties only, a plausible value of each type."""
    node = _resolve(schema, node)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in node:
            options = [o for o in node[key] if _resolve(schema, o).get("type") != "null"]
            return minimal_body(schema, options[0])
    if "enum" in node:
        return node["enum"][0]
    kind = node.get("type")
    if kind == "object" or "properties" in node:
        props = node.get("properties", {})
        return {key: minimal_body(schema, props[key]) for key in node.get("required", [])}
    if kind == "array":
        return [minimal_body(schema, node["items"])] if node.get("minItems") else []
    if kind in ("integer", "number"):
        return max(1, node.get("minimum", 1))
    if kind == "boolean":
        return False
    formats = {"date": "2026-01-05", "date-time": "2026-01-05T10:00:00+08:00", "email": "sweep@example.com"}
    return formats.get(node.get("format", ""), "清扫")


def _api_route_name(operation_id: str) -> str:
    """``api:<name of the handler>``: ninja's operation ids are the module path and the handler's name."""
    names = [n for _r, n, _a in _url_patterns(get_resolver().url_patterns) if n.startswith("api:")]
    matches = [n for n in names if operation_id.endswith("_" + n[4:]) or operation_id == n[4:]]
    return max(matches, key=len) if matches else f"api:{operation_id}"


def api_requests(world: SweepWorld, schema: dict) -> tuple[list[Request], list[str]]:
    requests, problems = [], []
    for template, operations in schema["paths"].items():
        names = re.findall(r"{(\w+)}", template)
        for method, operation in operations.items():
            name = _api_route_name(operation["operationId"])
            if name in PUBLIC:
                continue
            combos, missing = _combinations(f"{method.upper()} {template}", names, world)
            problems += missing
            content = operation.get("requestBody", {}).get("content", {}).get("application/json")
            body = minimal_body(schema, content["schema"]) if content else None
            records, directory = _record_arguments(names)
            for kwargs in [] if missing else combos:
                path, absent = template.format(**kwargs), template.format(**{**kwargs, **_absent(records)})
                requests.append(
                    Request(name, method.upper(), path, records, directory, body, absent if records else "")
                )
    return requests, problems


# Who may get what ----------------------------------------------------------------------------------------


def _redirects_to(response, target: str) -> bool:
    return response.status_code == 302 and response["Location"].split("?")[0] == target


def judge(
    who: str, request: Request, response, seen: dict[str, int], absent: int | None, wrote: bool
) -> str | None:
    """Why this answer is wrong for this person, or None. ``absent`` is the answer for a missing record,
    ``wrote`` whether the request wrote a row to the operation log."""
    status = response.status_code
    # A page that only reads (a list) answers a POST as its GET and changes nothing: not a write.
    ignored_form = (
        not request.is_api
        and request.method == "POST"
        and status == 200 == seen.get(request.path)
        and not wrote
    )
    if status >= 500:
        return "a server error"
    personal = request.name in PERSONAL or (request.name in STAFF_PERSONAL and who != "client")
    write = request.method in WRITES
    if who == "anonymous":
        ok = (
            status in (401, *REFUSED) if request.is_api else _redirects_to(response, reverse("account_login"))
        )
        return None if ok or status == 405 else "not refused to a signed-out visitor"
    if ignored_form:
        return None
    if who in ("outsider", "sales1") and request.arguments:
        if who == "sales1" and request.directory:  # a colleague's directory entry: readable, not changeable
            return None if not write or status in REFUSED else "a colleague changed a directory entry"
        # 404; or the refusal a missing record gets too (403: the action is refused on every record)
        return (
            None if status in REFUSED and status in (404, absent) else f"not 404 (a missing record: {absent})"
        )
    if who == "readonly" and write and not personal:
        allowed = {403, 405} if seen.get(request.path) == 200 else REFUSED
        return None if status in allowed else "a read-only grant was not refused (403)"
    if who == "outsider" and write and not personal:
        return None if status in REFUSED else "a person without a role was not refused"
    if who == "client" and not personal:
        ok = status in REFUSED or _redirects_to(response, reverse("home"))
        return None if ok else "the client reached it"
    return None


# The world: people, a read-only person, one record per kind of sales2's -----------------------------------


def _readonly_person() -> User:
    role = Role.objects.create(code="sweep_readonly", name="只读（清扫）")
    RoleGrant.objects.bulk_create(
        RoleGrant(role=role, kind=kind.key, action="view", scope=Scope.ALL)
        for kind in all_kinds()
        if "view" in kind.actions
    )
    viewer = User.objects.create_user(
        username="viewer", display_name="只读者", department=Department.objects.get(name="销售一部")
    )
    viewer.roles.set([role])
    return viewer


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    load_sweep_fixtures()
    with django_db_blocker.unblock(), transaction.atomic():
        personas = make_personas()
        built = make_records(SweepWorld(personas=personas, readonly=_readonly_person()))
        yield built
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def sweep(world, django_db_blocker):
    """Every request of the sweep, and the problems found while listing them (routes without fixtures)."""
    with django_db_blocker.unblock():
        schema = Client().get(f"{API_PREFIX}openapi.json").json()
    pages, page_problems = page_requests(world)
    apis, api_problems = api_requests(world, schema)
    return pages + apis, page_problems + api_problems


def _signed_in(world: SweepWorld, who: str) -> tuple[Client, Client]:
    """(the pages' client with a session, the API's client with a personal token) of one person."""
    from atrium.accounts.services import token_create

    if who == "anonymous":
        return Client(), Client()
    user = world.readonly if who == "readonly" else world.personas[who]
    page = Client()
    page.force_login(user)
    return page, Client(headers={"Authorization": f"Bearer {token_create(actor=user, name='sweep')[1]}"})


def _send(client: Client, request: Request, path: str):
    if request.method == "GET":
        return client.get(path)
    if request.is_api:
        data = json.dumps(request.body) if request.body is not None else None
        return client.generic(request.method, path, data or "", content_type="application/json")
    return client.generic(request.method, path, "", content_type="application/x-www-form-urlencoded")


def _answer(client: Client, request: Request, path: str | None = None):
    """The response, and whether the request wrote to the operation log; nothing it wrote stays."""
    with transaction.atomic():
        last = OperationLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = _send(client, request, path or request.path)
        wrote = OperationLog.objects.filter(pk__gt=last).exists()
        transaction.set_rollback(True)
    return response, wrote


def run_sweep(world: SweepWorld, requests: list[Request], who: str) -> list[str]:
    page, api = _signed_in(world, who)
    seen: dict[str, int] = {}
    failures = []
    for request in sorted(requests, key=lambda r: r.method != "GET"):  # reads first: writes ask what was seen
        client = api if request.is_api else page
        response, wrote = _answer(client, request)
        if request.method == "GET":
            seen[request.path] = response.status_code
        absent = None
        if who in ("outsider", "sales1") and request.absent_path and response.status_code != 404:
            absent = _answer(client, request, request.absent_path)[0].status_code
        problem = judge(who, request, response, seen, absent, wrote)
        if problem and KNOWN.get((who, request.name, request.method)) is None:
            failures.append(f"{request} as {who}: {problem} ({response.status_code})")
    return failures


# The tests -----------------------------------------------------------------------------------------------


def test_every_route_and_api_operation_has_its_fixtures(sweep):
    requests, problems = sweep
    assert not problems, "\n".join(problems)
    names = {r.name for r in requests}
    assert {"customers:detail", "api:get_customer", "accounts:user_detail", "imports:job"} <= names


def test_the_lists_of_the_sweep_name_routes_that_exist(sweep):
    """A route renamed or removed must leave the allow-lists too, so they never hide a new route."""
    known = {name for _route, name, _args in _url_patterns(get_resolver().url_patterns)}
    known |= {r.name for r in sweep[0]}
    assert not (PUBLIC | PERSONAL | STAFF_PERSONAL | {name for _who, name, _method in KNOWN}) - known


@pytest.mark.parametrize("who", ["anonymous", "outsider", "sales1", "readonly", "client", "admin"])
def test_sweep(world, sweep, who, django_db_blocker):
    requests, _problems = sweep
    with django_db_blocker.unblock(), transaction.atomic():
        failures = run_sweep(world, requests, who)
        transaction.set_rollback(True)
    assert not failures, f"{len(failures)} of {len(requests)} requests:\n" + "\n".join(failures)


def test_public_routes_answer_everyone_without_a_server_error(world, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        for who in ("anonymous", "client"):
            page, _api = _signed_in(world, who)
            for request in public_requests():
                assert page.get(request.path).status_code < 500, f"{request} as {who}"
        transaction.set_rollback(True)


def test_a_route_without_a_fixture_fails_the_sweep_naming_it(world):
    combos, problems = _combinations("widgets/<int:widget_id>/", ["widget_id"], world)
    assert combos == [{}]
    assert problems == [_missing_fixture("widgets/<int:widget_id>/", "widget_id")]
    assert "widgets/<int:widget_id>/" in problems[0] and "sweep_fixtures.py" in problems[0]
