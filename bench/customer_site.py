"""What the customer benchmarks share: the seeded benchmark databases, a signed-in browser session, latency
figures, and a server on a seeded database.

The databases are made by ``bench/seed_customers.py`` and are NOT rebuilt here (seeding a million rows takes
minutes): PostgreSQL ``atrium_bench_customers`` (1,000,000 customers; override with ATRIUM_BENCH_CUSTOMERS_PG) and SQLite
``var/bench/customers.sqlite3`` (100,000; override with ATRIUM_BENCH_CUSTOMERS_SQLITE). A database that is
missing or empty is skipped with a message.
"""

from __future__ import annotations

import http.cookiejar
import json
import math
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench_site import (
    POSTGRES_URL,
    RESULTS,
    ROOT,
    Site,
    cpu_seconds,
    free_port,
    stop,
    temporary_var_dir,
    wait_healthy,
    write_result,
)

PG_URL = os.environ.get(
    "ATRIUM_BENCH_CUSTOMERS_PG", f"{POSTGRES_URL.partition('?')[0].rpartition('/')[0]}/atrium_bench_customers"
)
SQLITE_PATH = Path(
    os.environ.get("ATRIUM_BENCH_CUSTOMERS_SQLITE", ROOT / "var" / "bench" / "customers.sqlite3")
)
PASSWORD = "atrium-demo"
SEED_HINT = {
    "postgresql": ".venv/bin/python bench/seed_customers.py --customers 1000000 --contacts 1000000 "
    f"--followups 1000000 --database-url {PG_URL}",
    "sqlite": f".venv/bin/python bench/seed_customers.py --customers 100000 --database-url sqlite:///{SQLITE_PATH}",
}
DATASET_SCRIPT = """
import json, django; django.setup()
from atrium.customers.models import Contact, Customer, FollowUp, Lead
print(json.dumps({"customers": Customer.objects.count(), "contacts": Contact.objects.count(),
                  "followups": FollowUp.objects.count(), "leads": Lead.objects.count()}))
"""


def bench_database_urls(engines: list[str]) -> list[tuple[str, str]]:
    """(engine, database URL) of the seeded benchmark databases that exist."""
    found = []
    if "postgresql" in engines:
        try:
            import psycopg

            with psycopg.connect(PG_URL, connect_timeout=3) as connection:
                connection.execute("SELECT 1 FROM customers_customer LIMIT 1").fetchone()
            found.append(("postgresql", PG_URL))
        except Exception as exc:  # unreachable, missing database or table: skipped with the reason
            print(
                f"PostgreSQL benchmark database not usable ({exc}); seed it with:\n  {SEED_HINT['postgresql']}"
            )
    if "sqlite" in engines:
        if SQLITE_PATH.exists():
            found.append(("sqlite", f"sqlite:///{SQLITE_PATH}"))
        else:
            print(f"{SQLITE_PATH} does not exist; seed it with:\n  {SEED_HINT['sqlite']}")
    return found


def dataset(site: Site) -> dict[str, int]:
    return json.loads(site.run("-c", DATASET_SCRIPT).strip().splitlines()[-1])


def percentiles(samples_ms: list[float]) -> dict[str, float | int]:
    """Nearest-rank p50/p95/p99 (and max, mean) of latencies in milliseconds."""
    ordered = sorted(samples_ms)

    def rank(p: float) -> float:
        return round(ordered[max(0, math.ceil(p * len(ordered)) - 1)], 1)

    return {
        "requests": len(ordered),
        "p50_ms": rank(0.50),
        "p95_ms": rank(0.95),
        "p99_ms": rank(0.99),
        "max_ms": round(ordered[-1], 1),
        "mean_ms": round(sum(ordered) / len(ordered), 1),
    }


class Browser:
    """Sequential HTTP requests with a cookie jar (a signed-in session) or a bearer token."""

    def __init__(self, base: str, token: str | None = None) -> None:
        self.base = base
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, path: str, data: dict | None = None, timeout: float = 60.0) -> tuple[int, bytes, float]:
        """(status, body, milliseconds until the whole body was read)."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {**self.headers, "Referer": self.base + "/"}
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=timeout) as response:
                content = response.read()
                status = response.status
        except urllib.error.HTTPError as exc:
            content, status = exc.read(), exc.code
        return status, content, (time.perf_counter() - started) * 1000

    def open_stream(self, path: str, timeout: float = 600.0):
        request = urllib.request.Request(self.base + path, headers=self.headers)
        return self.opener.open(request, timeout=timeout)

    def sign_in(self, username: str) -> None:
        status, page, _ms = self.request("/accounts/login/")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not match:
            raise RuntimeError(f"/accounts/login/ answered {status} without a CSRF token")
        form = {"csrfmiddlewaretoken": match.group(1).decode(), "login": username, "password": PASSWORD}
        status, _page, _ms = self.request("/accounts/login/", form)
        if not any(cookie.name == "sessionid" for cookie in self.jar):
            raise RuntimeError(f"signing in as {username} failed (status {status})")


def measure(browser: Browser, paths: list[str], *, runs: int, warmup: int, server_pid: int) -> dict:
    """Sequential GETs cycling through ``paths``; every answer must be 200. Also the server's CPU time per
    request, which (unlike latency) changes little when other work shares the machine."""
    errors = 0
    for n in range(warmup):
        browser.request(paths[n % len(paths)])
    samples = []
    cpu_before = cpu_seconds(server_pid)
    for n in range(runs):
        status, _body, ms = browser.request(paths[n % len(paths)])
        errors += status != 200
        samples.append(ms)
    cpu_after = cpu_seconds(server_pid)
    cpu_ms = None
    if cpu_before is not None and cpu_after is not None:
        cpu_ms = round((cpu_after - cpu_before) * 1000 / runs, 1)
    return {"errors": errors, **percentiles(samples), "server_cpu_ms_per_request": cpu_ms}


@contextmanager
def served(engine: str, database_url: str) -> Iterator[tuple[Site, str, object]]:
    """A server (one uvicorn process, production settings) on a seeded benchmark database."""
    with temporary_var_dir(f"customers-{engine}") as var_dir:
        site = Site(var_dir, database_url)
        port = free_port()
        server = site.start_server(port)
        try:
            wait_healthy(port, server, log=site.server_log, timeout=120)
            yield site, f"http://127.0.0.1:{port}", server
        finally:
            stop(server)


def write_engine_results(name: str, header: dict, databases: list[dict]) -> Path:
    """Writes ``name`` keeping the earlier results of engines not measured this time."""
    path = RESULTS / name
    kept = []
    if path.exists():
        measured = {item["engine"] for item in databases}
        kept = [item for item in json.loads(path.read_text(encoding="utf-8")).get("databases", [])
                if item.get("engine") not in measured]  # fmt: skip
    return write_result(name, {**header, "databases": kept + databases})


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None
