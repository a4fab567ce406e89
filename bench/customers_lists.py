"""Latency of the customer list page ``/customers/`` and ``GET /api/v1/customers`` on the seeded databases.

As sales1 (own scope: ~1.5 % of the customers) and as admin (everything), default sort and one filter
(industry), and the next page through the cursor: sequential requests against one uvicorn process with
production settings. Goal: p95 under 300 ms. Writes bench/results/customers_lists.json.
Run: ``.venv/bin/python bench/customers_lists.py [--runs 40] [--engine postgresql --engine sqlite]``
(the databases come from bench/seed_customers.py; see bench/README.md).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import urllib.parse

from bench_site import machine_facts
from customer_site import Browser, bench_database_urls, dataset, measure, served, write_engine_results

GOAL_P95_MS = 300
FILTER = {"industry": "办公空间"}


def next_cursor_path(browser: Browser, path: str, *, api: bool) -> str | None:
    """The address of the page after ``path``: the API's ``next_cursor`` or the page's "next" link."""
    status, body, _ms = browser.request(path)
    if status != 200:
        return None
    if api:
        cursor = json.loads(body).get("next_cursor")
    else:
        found = re.search(rb"(?:[?&]|&amp;)cursor=([^\"&'#\s]+)", body)  # the page escapes & in links
        cursor = urllib.parse.unquote(found.group(1).decode()) if found else None
    if not cursor:
        return None
    joiner = "&" if "?" in path else "?"
    return f"{path}{joiner}{urllib.parse.urlencode({'cursor': cursor})}"


def cases_for(browser: Browser, *, api: bool) -> list[tuple[str, str]]:
    base = "/api/v1/customers" if api else "/customers/"
    filtered = f"{base}?{urllib.parse.urlencode(FILTER)}"
    cases = [("default sort", base), ("filter industry=办公空间", filtered)]
    following = next_cursor_path(browser, base, api=api)
    if following:
        cases.append(("next page (cursor)", following))
    return cases


def run_engine(engine: str, url: str, args: argparse.Namespace) -> dict:
    with served(engine, url) as (site, base, server):
        size = dataset(site)
        tokens = {who: site.token_for(who) for who in ("sales1", "admin")}
        runs = []
        for who in ("sales1", "admin"):
            page_browser = Browser(base)
            page_browser.sign_in(who)
            api_browser = Browser(base, tokens[who])
            for surface, browser, api in (("page", page_browser, False), ("api", api_browser, True)):
                for label, path in cases_for(browser, api=api):
                    figures = measure(
                        browser, [path], runs=args.runs, warmup=args.warmup, server_pid=server.pid
                    )
                    figures["path"] = path
                    run = {"engine": engine, "user": who, "surface": surface, "case": label, **figures}
                    run["meets_goal"] = figures["p95_ms"] < GOAL_P95_MS and not figures["errors"]
                    runs.append(run)
                    print(_line(run), flush=True)
        errors = site.server_errors()
    return {"engine": engine, "database": _safe(url), "dataset": size, "server_error_lines": len(errors),
            "first_server_errors": errors[:3], "runs": runs}  # fmt: skip


def _safe(url: str) -> str:
    return re.sub(r"//[^@/]*@", "//", url)


def _line(run: dict) -> str:
    verdict = "ok" if run["meets_goal"] else "MISSES the goal"
    return (
        f"{run['engine']:<10} {run['user']:<6} {run['surface']:<4} {run['case']:<26} p50 {run['p50_ms']:7.1f} ms  "
        f"p95 {run['p95_ms']:7.1f} ms  p99 {run['p99_ms']:7.1f} ms  "
        f"server CPU {run['server_cpu_ms_per_request']} ms/req  errors {run['errors']}  ({verdict})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40, help="Measured requests per case (default 40).")
    parser.add_argument("--warmup", type=int, default=3, help="Unmeasured requests first (default 3).")
    parser.add_argument("--engine", action="append", choices=["postgresql", "sqlite"], help="Default both.")
    args = parser.parse_args()
    facts = machine_facts()
    results = [
        run_engine(engine, url, args)
        for engine, url in bench_database_urls(args.engine or ["postgresql", "sqlite"])
    ]
    if not results:
        return 2
    for item in results:
        item["command"] = " ".join([".venv/bin/python", "bench/customers_lists.py", *sys.argv[1:]])
        item["machine"] = facts
    header = {
        "benchmark": "customer list page /customers/ and GET /api/v1/customers, sequential requests, one uvicorn process",
        "goal": {"p95_ms_max": GOAL_P95_MS},
    }
    print(f"wrote {write_engine_results('customers_lists.json', header, results)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
