"""Custom fields at scale: customer lists with custom columns, a filter by a select field, a sort by a money field,
and an import of rows that carry ten custom fields — on databases of customers that each hold ten custom values.

The databases are seeded once by ``bench/seed_customers.py --custom-fields`` (see bench/README.md) and not rebuilt
here: PostgreSQL ``atrium_bench_custom_fields`` (1,000,000 customers; ATRIUM_BENCH_CUSTOM_FIELDS_PG overrides) and
SQLite ``var/bench/custom_fields.sqlite3`` (100,000; ATRIUM_BENCH_CUSTOM_FIELDS_SQLITE overrides).

Lists: one uvicorn process (production settings); as sales1 (own scope) and admin (everything), the page
``/customers/`` (signed in) and ``GET /api/v1/customers`` (token), each with five custom columns (预算, 装修风格,
房屋面积, 意向等级, 计划开工) beside 名称 and 负责人: the default order, ``custom.<装修风格>=新中式``, ``sort=-custom.<预算>``
and that sort's second page through the cursor. Goals: five custom columns p95 < 100 ms, select filter p95 < 150 ms,
money sort p95 < 150 ms.
Import: ``atrium import customers FILE --as admin`` of a GBK CSV (``--rows``, default 100,000) with the twelve
built-in Chinese headers plus the ten fields' labels, on a throw-away copy of the seeded database (every value is
checked: money, select by label, number places, the unique 客户编号 against the file and the database, dates,
是/否, the designer by login, the phone). Goal ≥ 2,500 rows/s.
Writes bench/results/custom_fields.json.
Run: ``.venv/bin/python bench/custom_fields.py [--runs 40] [--rows 100000] [--engine …] [--skip-import]``.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import urllib.parse
from pathlib import Path

from bench_site import POSTGRES_URL, ROOT, machine_facts, temporary_var_dir

PG_URL = os.environ.get(
    "ATRIUM_BENCH_CUSTOM_FIELDS_PG",
    f"{POSTGRES_URL.partition('?')[0].rpartition('/')[0]}/atrium_bench_custom_fields",
)
SQLITE_PATH = Path(
    os.environ.get("ATRIUM_BENCH_CUSTOM_FIELDS_SQLITE", ROOT / "var" / "bench" / "custom_fields.sqlite3")
)
# the shared helpers read the customer benchmark's places at import: point them at this benchmark's databases
os.environ["ATRIUM_BENCH_CUSTOMERS_PG"] = PG_URL
os.environ["ATRIUM_BENCH_CUSTOMERS_SQLITE"] = str(SQLITE_PATH)

import customers_import  # noqa: E402
from custom_field_rows import LABELS  # noqa: E402
from custom_field_rows import values as custom_values  # noqa: E402
from customer_site import Browser, dataset, measure, served, write_engine_results  # noqa: E402
from customers_lists import next_cursor_path  # noqa: E402

GOAL = {
    "custom_columns_p95_ms_max": 100,
    "select_filter_p95_ms_max": 150,
    "money_sort_p95_ms_max": 150,
    "import_rows_per_s_min": 2500,
}
SEED = {
    "postgresql": ".venv/bin/python bench/seed_customers.py --customers 1000000 --contacts 0 --followups 0 "
    f"--leads 0 --custom-fields --database-url {PG_URL}",
    "sqlite": ".venv/bin/python bench/seed_customers.py --customers 100000 --contacts 0 --followups 0 "
    f"--leads 0 --custom-fields --database-url sqlite:///{SQLITE_PATH}",
}
KEYS_SCRIPT = """
import json, django; django.setup()
from atrium.fields.models import FieldDefinition
print(json.dumps({d.label: [d.key, {o["label"]: o["value"] for o in d.options or []}]
                  for d in FieldDefinition.objects.filter(kind="customer")}, ensure_ascii=False))
"""


def databases(engines: list[str]) -> list[tuple[str, str]]:
    found = []
    if "postgresql" in engines:
        try:
            import psycopg

            with psycopg.connect(PG_URL, connect_timeout=3) as connection:
                row = connection.execute(
                    "SELECT count(*) FROM fields_fielddefinition WHERE kind = 'customer'"
                ).fetchone()
                if (
                    not row
                    or row[0] < len(LABELS)
                    or not connection.execute("SELECT 1 FROM customers_customer LIMIT 1").fetchone()
                ):
                    raise RuntimeError("no customers with custom fields")
            found.append(("postgresql", PG_URL))
        except Exception as exc:  # unreachable, missing or not seeded: skipped with the reason
            print(f"PostgreSQL benchmark database not usable ({exc}); seed it with:\n  {SEED['postgresql']}")
    if "sqlite" in engines:
        if SQLITE_PATH.exists():
            found.append(("sqlite", f"sqlite:///{SQLITE_PATH}"))
        else:
            print(f"{SQLITE_PATH} does not exist; seed it with:\n  {SEED['sqlite']}")
    return found


def cases(browser: Browser, keys: dict, *, api: bool) -> list[tuple[str, str, str]]:
    """(goal, label, path) for one surface."""
    budget, style = keys["预算"][0], keys["装修风格"][0]
    columns = ",".join(["name", "owner", *(f"custom.{keys[label][0]}" for label in
                                           ("预算", "装修风格", "房屋面积", "意向等级", "计划开工"))])  # fmt: skip
    base = "/api/v1/customers" if api else "/customers/"

    def path(**params: str) -> str:  # the API answers every field the viewer may see: no columns to choose
        query = urllib.parse.urlencode(params if api else {"columns": columns, **params})
        return f"{base}?{query}" if query else base

    by_budget = path(sort=f"-custom.{budget}")
    found = [
        ("custom_columns", "5 custom columns, default order", path()),
        ("select_filter", "装修风格 = 新中式", path(**{f"custom.{style}": keys["装修风格"][1]["新中式"]})),
        ("money_sort", "sort 预算 descending", by_budget),
    ]
    following = next_cursor_path(browser, by_budget, api=api)
    if following:
        found.append(("money_sort", "sort 预算 descending, page 2", following))
    return found


def run_lists(engine: str, url: str, args: argparse.Namespace) -> dict:
    import json

    with served(engine, url) as (site, base, server):
        size = dataset(site)
        keys = json.loads(site.run("-c", KEYS_SCRIPT).strip().splitlines()[-1])
        tokens = {who: site.token_for(who) for who in ("sales1", "admin")}
        runs = []
        for who in ("sales1", "admin"):
            page = Browser(base)
            page.sign_in(who)
            for surface, browser, api in (("page", page, False), ("api", Browser(base, tokens[who]), True)):
                for goal, label, path in cases(browser, keys, api=api):
                    figures = measure(
                        browser, [path], runs=args.runs, warmup=args.warmup, server_pid=server.pid
                    )
                    limit = GOAL[f"{goal}_p95_ms_max"]
                    run = {"engine": engine, "user": who, "surface": surface, "case": label, "goal_p95_ms": limit,
                           "path": path, **figures}  # fmt: skip
                    run["meets_goal"] = figures["p95_ms"] < limit and not figures["errors"]
                    runs.append(run)
                    print(
                        f"{engine:<10} {who:<6} {surface:<4} {label:<30} p50 {run['p50_ms']:7.1f} ms  "
                        f"p95 {run['p95_ms']:7.1f} ms (goal < {limit})  server CPU "
                        f"{run['server_cpu_ms_per_request']} ms/req  errors {run['errors']}  "
                        f"({'ok' if run['meets_goal'] else 'MISSES the goal'})",
                        flush=True,
                    )
        errors = site.server_errors()
    return {
        "dataset": size,
        "server_error_lines": len(errors),
        "first_server_errors": errors[:3],
        "runs": runs,
    }


def write_csv(path: Path, rows: int, encoding: str) -> None:
    """The customer import benchmark's rows (no duplicates of the seeded data) plus the ten custom values, as
    people type them; 客户编号 in a range the seeder does not use."""
    customers_import.write_csv(path, rows, encoding)
    rng = random.Random(7)
    designers = ["pm", *(f"rep{n:04d}" for n in range(1, 20))]
    widened = path.with_suffix(".custom.csv")
    with (
        path.open(encoding=encoding, newline="") as source,
        widened.open("w", encoding=encoding, newline="") as out,
    ):
        reader, writer = csv.reader(source), csv.writer(out)
        writer.writerow([*next(reader), *LABELS])
        for n, row in enumerate(reader):
            extra = custom_values(rng, 90_000_000 + n, designers, stored=None)
            writer.writerow([*row, *(extra[label] for label in LABELS)])
    widened.replace(path)


def run_import(engine: str, csv_path: Path, args: argparse.Namespace) -> dict:
    from bench_site import Site

    with (
        temporary_var_dir(f"cf-import-{engine}") as var_dir,
        customers_import.database_copy(engine, var_dir) as url,
    ):
        site = Site(var_dir, url)
        before = dataset(site)
        figures = customers_import.run_import(site, csv_path)
        after = dataset(site)
    result = {"rows": args.rows, "customers_added": after["customers"] - before["customers"], **figures}
    result["meets_goal"] = figures["rows_per_s"] >= GOAL["import_rows_per_s_min"]
    print(f"{engine:<10} import {figures['summary']}  {figures['seconds']} s  {figures['rows_per_s']:,} rows/s  "
          f"peak RSS {figures['peak_rss_mb']} MB  ({'ok' if result['meets_goal'] else 'MISSES the goal'})",
          flush=True)  # fmt: skip
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40, help="Measured requests per case (default 40).")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument(
        "--rows", type=int, default=100_000, help="Rows of the imported file (default 100,000)."
    )
    parser.add_argument("--engine", action="append", choices=["postgresql", "sqlite"], help="Default both.")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--skip-lists", action="store_true")
    args = parser.parse_args()
    found = databases(args.engine or ["postgresql", "sqlite"])
    if not found:
        return 2
    facts = machine_facts()
    results = []
    with temporary_var_dir("cf-import-file") as folder:
        csv_path = folder / f"customers-custom-{args.rows}.csv"
        if not args.skip_import:
            write_csv(csv_path, args.rows, "gbk")
        for engine, url in found:
            item: dict = {"engine": engine, "database": url.rpartition("/")[2], "machine": facts,
                          "command": " ".join([".venv/bin/python", "bench/custom_fields.py", *sys.argv[1:]])}  # fmt: skip
            if not args.skip_lists:
                item["lists"] = run_lists(engine, url, args)
            if not args.skip_import:
                item["import"] = run_import(engine, csv_path, args)
            results.append(item)
    header = {"benchmark": "custom fields of customers at scale: lists (custom columns, select filter, money sort) "
              "and an import with ten custom fields", "goal": GOAL}  # fmt: skip
    print(f"wrote {write_engine_results('custom_fields.json', header, results)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
