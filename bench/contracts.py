"""Contracts at scale: a customer's transaction history and the contracts, receivables and payments lists on a
seeded database (PostgreSQL 50,000 contracts and 200,000 payments, SQLite a tenth).

Each engine runs in its own process on its own scratch site (a temporary ``ATRIUM_VAR_DIR``, production settings;
PostgreSQL: a database ``bench_contracts`` (or ``--database``) created fresh and dropped afterwards unless
``--keep-database``):
``migrate``; the demo people plus 40 generated sales reps (``seed_customers.seed_people``); customers (half as
many as contracts; how many contracts each has is skewed, one "big" customer of sales1 has 50 contracts and 200
payments); one won deal per contract, an accepted quote for 60 % of them; the contracts, each with a plan of 4
instalments (开工款 30 %, 中期款 30 %, 竣工款 30 %, 质保金 10 %); the payments, each allocated to one instalment (3 %
of them to two), ``Instalment.received`` and ``Contract.received`` equal to what the allocations add up to;
invoices for about half of the instalments that received something (``Contract.invoiced`` their sum). Rows are
generated in memory from a fixed seed, then written with ``core.bulk_insert.insert_rows`` (COPY on PostgreSQL,
with ``session_replication_role = replica``; ``executemany`` on SQLite) in transactions of 20,000 rows — not
through the services; then ``VACUUM ANALYZE`` (PostgreSQL) or ``ANALYZE`` (SQLite).

As sales1 (own scope; owner of the big customer and of its 50 contracts) and admin (everything), ``--warmup``
then ``--runs`` sequential calls per case: ``selectors.transaction_history(user, big customer)`` (the grants
dropped before each call, as a request loads them) and the page ``GET /customers/<id>/transactions/`` through
Django's test ``Client`` signed in with ``force_login`` (middleware, view, template; goal p95 < 150 ms); the
list engine's pages ``GET /contracts/``, ``/receivables/?status=overdue`` and ``/payments/`` (goal p95 < 100
ms). Per case: p50/p95/p99/max, errors, the process's CPU per call, and for one more call the number of queries,
their time and the slowest three; a case that misses its goal (every case with ``--explain``) also keeps the
plan of its slowest statement. Writes bench/results/contracts-<engine>.json.
Run: ``.venv/bin/python bench/contracts.py [--engine postgresql --engine sqlite] [--contracts N] [--payments N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

from bench_site import PYTHON, ROOT, machine_facts, temporary_var_dir, write_result
from contracts_seed import dataset, seed
from sales_deals import _explain, _queries, _timed, fresh_postgres, percentiles

DATABASE_NAME = "bench_contracts"
DEFAULT_CONTRACTS = {"postgresql": 50_000, "sqlite": 5_000}
DEFAULT_PAYMENTS = {"postgresql": 200_000, "sqlite": 20_000}
GOALS = {
    "history_selector": 150,
    "history_page": 150,
    "contracts_list": 100,
    "receivables_overdue": 100,
    "payments_list": 100,
}


# --- measuring -------------------------------------------------------------------------------------------


def measure(name: str, call, *, runs: int, warmup: int, check, explain: bool = False) -> dict:
    errors = 0
    for _ in range(warmup):
        errors += not check(call())
    samples, cpu = [], []
    for _ in range(runs):
        response, ms, cpu_ms = _timed(call)
        errors += not check(response)
        samples.append(ms)
        cpu.append(cpu_ms)
    _response, queries, slowest = _queries(call)
    goal = GOALS[name]
    figures = percentiles(samples)
    result = {
        "case": name,
        "goal_p95_ms": goal,
        **figures,
        "errors": errors,
        "python_cpu_ms_per_request": round(sum(cpu) / len(cpu), 1),
        **queries,
    }
    result["meets_goal"] = figures["p95_ms"] < goal and not errors
    statements = [
        q for q in slowest if q["sql"].lstrip()[:6].upper() in ("SELECT", "UPDATE", "INSERT", "DELETE")
    ]
    if (explain or not result["meets_goal"]) and statements:
        result["slowest_statement"] = {"ms": round(statements[0]["ms"], 2), "sql": statements[0]["sql"][:700]}
        try:
            result["slowest_statement_plan"] = _explain(statements[0])
        except Exception as exc:  # a statement EXPLAIN does not take
            result["slowest_statement_plan"] = [f"EXPLAIN failed: {exc}"]
    return result


def run_cases(info: dict, facts: dict, runs: int, warmup: int, explain: bool) -> list[dict]:
    from django.test import Client

    from atrium.accounts.models import User
    from atrium.contracts import selectors
    from atrium.core.access import forget_grants
    from atrium.customers.models import Customer

    customer = Customer.objects.get(pk=info["big_customer"])
    paths = {
        "history_page": f"/customers/{customer.pk}/transactions/",
        "contracts_list": "/contracts/",
        "receivables_overdue": "/receivables/?status=overdue",
        "payments_list": "/payments/",
    }
    shown = selectors.HISTORY_ROWS  # each part of the history is capped
    wanted = (min(facts["big_customer_contracts"], shown), min(facts["big_customer_payments"], shown))
    results = []
    for username in ("sales1", "admin"):
        user = User.objects.get(username=username)
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)

        def history(user=user):
            forget_grants(user)  # as a request loads them
            return selectors.transaction_history(user, customer)

        def history_ok(result) -> bool:
            return (len(result.contracts), len(result.payments)) == wanted

        def page_ok(response) -> bool:
            return response.status_code == 200

        cases = [("history_selector", history, history_ok, "selectors.transaction_history")]
        cases += [
            (name, (lambda path=path, client=client: client.get(path)), page_ok, path)
            for name, path in paths.items()
        ]
        for name, call, check, path in cases:
            case = measure(name, call, runs=runs, warmup=warmup, check=check, explain=explain)
            results.append({"user": username, "path": path, **case})
            print(
                f"  {username:7s} {name:20s} p50 {case['p50_ms']:7.1f} ms  p95 {case['p95_ms']:7.1f} ms "
                f"(goal < {case['goal_p95_ms']})  {case['queries']} queries  errors {case['errors']}",
                file=sys.stderr,
                flush=True,
            )
    return results


def child(contracts: int, payments: int, runs: int, warmup: int, explain: bool) -> dict:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    print(f"  seeding {contracts:,} contracts, {payments:,} payments …", file=sys.stderr, flush=True)
    info = seed(contracts, payments)
    print(f"  seeded in {info['seed_seconds']} s", file=sys.stderr, flush=True)
    facts = dataset(info["big_customer"])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            server = cursor.fetchone()[0]
            cursor.execute("SHOW shared_buffers")
            server += f"; shared_buffers {cursor.fetchone()[0]}"
    else:
        import sqlite3

        server = f"SQLite {sqlite3.sqlite_version}"
    return {
        "engine": connection.vendor,
        "database": server,
        "seeding": info,
        "dataset": facts,
        "runs": runs,
        "warmup": warmup,
        "cases": run_cases(info, facts, runs, warmup, explain),
    }


# --- the parent --------------------------------------------------------------------------------------------


def run_engine(engine: str, args: argparse.Namespace) -> dict | None:
    contracts = args.contracts or DEFAULT_CONTRACTS[engine]
    payments = args.payments or DEFAULT_PAYMENTS[engine]
    with temporary_var_dir(f"contracts-{engine}") as var_dir:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ATRIUM_")}
        env.update(DJANGO_SETTINGS_MODULE="atrium.settings", ATRIUM_VAR_DIR=str(var_dir))
        command = [PYTHON, str(ROOT / "bench" / "contracts.py"), "--child", "--contracts", str(contracts),
                   "--payments", str(payments), "--runs", str(args.runs), "--warmup", str(args.warmup),
                   *(["--explain"] if args.explain else [])]  # fmt: skip
        if engine == "postgresql":
            with fresh_postgres(args.database, args.keep_database) as url:
                if url is None:
                    return None
                env["ATRIUM_DATABASE_URL"] = url
                return _spawn(command, env)
        return _spawn(command, env)


def _spawn(command: list[str], env: dict) -> dict:
    result = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"the contracts benchmark failed:\n{result.stdout[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def print_table(engine: str, outcome: dict) -> None:
    data = outcome["dataset"]
    print(
        f"{engine}: {data['contracts']:,} contracts, {data['instalments']:,} instalments, {data['payments']:,} "
        f"payments, {data['invoices']:,} invoices; big customer {data['big_customer_contracts']} contracts, "
        f"{data['big_customer_payments']} payments; seeded in {outcome['seeding']['seed_seconds']} s"
    )
    print(f"  {'case':22s} {'user':7s} {'p50 ms':>8s} {'p95 ms':>8s} {'goal':>6s} {'queries':>8s}  meets")
    for case in outcome["cases"]:
        print(
            f"  {case['case']:22s} {case['user']:7s} {case['p50_ms']:8.1f} {case['p95_ms']:8.1f} "
            f"{'< ' + str(case['goal_p95_ms']):>6s} {case['queries']:8d}  {'yes' if case['meets_goal'] else 'NO'}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", action="append", choices=["postgresql", "sqlite"])
    parser.add_argument(
        "--contracts", type=int, default=None, help="Default: 50,000 on PostgreSQL, 5,000 on SQLite."
    )
    parser.add_argument(
        "--payments", type=int, default=None, help="Default: 200,000 on PostgreSQL, 20,000 on SQLite."
    )
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument(
        "--database",
        default=DATABASE_NAME,
        help=f"The PostgreSQL scratch database (default {DATABASE_NAME}).",
    )
    parser.add_argument(
        "--keep-database", action="store_true", help="Keep the PostgreSQL database afterwards."
    )
    parser.add_argument("--explain", action="store_true", help="Plans of every case's slowest statement.")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(
            json.dumps(
                child(args.contracts, args.payments, args.runs, args.warmup, args.explain), ensure_ascii=False
            )
        )
        return
    for engine in args.engine or ["postgresql", "sqlite"]:
        argv = [a for a in sys.argv[1:] if a != "--keep-database"]
        command = " ".join([".venv/bin/python", "bench/contracts.py", *argv])
        machine = machine_facts()
        print(f"{engine}: seeding and measuring …", flush=True)
        outcome = run_engine(engine, args)
        if outcome is None:
            continue
        path = write_result(f"contracts-{engine}.json", {"command": command, "machine": machine, **outcome})
        print_table(engine, outcome)
        print(f"written {path}", flush=True)


if __name__ == "__main__":
    main()
