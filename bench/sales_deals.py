"""The sales kanban, a card's move and the deals list on a seeded database (PostgreSQL 200,000 deals, SQLite 20,000).

Each engine runs in its own process on its own scratch site (a temporary ``ATRIUM_VAR_DIR``, production settings;
PostgreSQL: a database ``bench_sales`` created fresh and dropped afterwards unless ``--keep-database``):
``migrate``; the demo people plus generated sales reps (``seed_customers.seed_people``); customers (a tenth of
the deals) and the deals written with ``core.bulk_insert.insert_rows`` — not through the services — in
transactions of 20,000; one ``DealStageHistory`` row per deal; then ``ANALYZE``. Two pipelines of seven stages
(five open, won, lost): the migration's default one holds ``--open`` (5,000) open deals spread over its open
stages plus won and lost ones (45 % of all the deals together), the other (工装) the rest, mostly closed. Owners:
sales1 10 %, sales2 6 %, manager 2 %, the rest over the reps with uneven weights.

As sales1 (own scope) and admin (everything), through Django's test ``Client`` signed in with ``force_login``
(the whole request: middleware, views, templates; no network): the kanban's first paint ``GET
/deals/board/<id>/`` (goal p95 < 300 ms), a move ``POST /deals/<id>/move/`` back and forth between the first two
open stages with the version the previous answer gave (goal p95 < 100 ms), the list ``GET /deals/`` and
``/deals/?stage=<won stage>&amount_min=500000`` (goal p95 < 100 ms). Per case: p50/p95/p99/max, errors, the
Python process's CPU per request, and for one more request the number of queries and the slowest three; a case
that misses its goal also gets the plan (EXPLAIN) of its slowest query. Writes
bench/results/sales_deals_<engine>.json.
Run: ``.venv/bin/python bench/sales_deals.py [--engine postgresql --engine sqlite] [--deals N] [--runs 30]``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import subprocess
import sys
import time
from contextlib import contextmanager
from decimal import Decimal

from bench_site import POSTGRES_URL, PYTHON, ROOT, machine_facts, temporary_var_dir, write_result

DATABASE_NAME = "bench_sales"
DEFAULT_DEALS = {"postgresql": 200_000, "sqlite": 20_000}
OPEN_IN_BOARD = 5_000
BOARD_SHARE = 0.45  # of all the deals, in the pipeline on the board (open + won + lost)
OTHER_OPEN_SHARE = 0.05  # open deals of the other pipeline
CHUNK = 20_000
REPS = 40
SHARES = {"sales1": 0.10, "sales2": 0.06, "manager": 0.02}
OPEN_STAGE_WEIGHTS = (35, 25, 18, 12, 10)
WON_SHARE = 0.35  # of the closed deals
GOALS = {"board": 300, "move": 100, "list": 100, "list_filtered": 100}
AMOUNT_MIN = 500_000
TITLES = ("全屋装修", "旧房翻新", "厨卫改造", "软装设计", "办公室装修", "门店装修", "展厅改造", "厂房改造",
          "会议中心装修", "酒店客房翻新")  # fmt: skip
SOURCES = ("转介绍", "网络推广", "老客户", "展会", "电话营销")
LOST_REASONS = ("价格太高", "选择了竞争对手", "预算不足", "需求取消")


def percentiles(samples_ms: list[float]) -> dict:
    from customer_site import percentiles as nearest_rank

    return nearest_rank(samples_ms)


# --- seeding (in the child process, Django set up) ---------------------------------------------------------


def _pipelines():
    """The migration's default pipeline (on the board) and a second one with the same stages."""
    from atrium.sales.models import Pipeline, Stage

    board = Pipeline.objects.order_by("position", "id").first()
    other = Pipeline.objects.create(name="工装", position=board.position + 1)
    for stage in Stage.objects.filter(pipeline=board).order_by("position"):
        Stage.objects.create(
            pipeline=other,
            name=stage.name,
            position=stage.position,
            probability=stage.probability,
            kind=stage.kind,
            color=stage.color,
            required_fields=stage.required_fields,
        )
    return board, other


def _owner_picker(personas: dict[str, int], rep_ids: list[int], weights: list[float], rng: random.Random):
    fixed = [(personas[name], share) for name, share in SHARES.items()]
    rest = 1 - sum(share for _pk, share in fixed)
    total = sum(weights)
    ids = [pk for pk, _share in fixed] + rep_ids
    cumulative = [share for _pk, share in fixed] + [rest * w / total for w in weights]

    def pick() -> int:
        return rng.choices(ids, cumulative)[0]

    return pick


def seed(deals: int, open_in_board: int, seed_value: int = 20261204) -> dict:
    from customer_rows import customer_fields
    from django.db import connection, transaction
    from django.utils import timezone
    from seed_customers import seed_people

    from atrium.core.bulk_insert import append_rows, insert_rows
    from atrium.customers.models import Customer
    from atrium.sales.models import Deal, DealStageHistory, Stage, StageKind

    rng = random.Random(seed_value)
    started = time.perf_counter()
    personas, rep_ids, weights = seed_people(REPS, rng)
    owner = _owner_picker(personas, rep_ids, weights, rng)
    board, other = _pipelines()
    stages = {p.pk: list(Stage.objects.filter(pipeline=p).order_by("position")) for p in (board, other)}
    now = timezone.now()
    two_years = 730 * 86400

    # customers: a tenth of the deals, created over three years
    customer_count = max(200, deals // 10)
    customer_rows, customer_owner = [], []
    for n in range(customer_count):
        fields = customer_fields(rng)
        who = owner()
        created = now - datetime.timedelta(seconds=(customer_count - n) / customer_count * 3 * 365 * 86400)
        customer_rows.append([fields["type"], fields["name"], fields["short_name"], fields["industry"],
                              rng.choice(SOURCES), fields["region"], fields["address"], fields["phone"],
                              who, who, created, created, created])  # fmt: skip
        customer_owner.append(who)
    with transaction.atomic():
        customer_ids = insert_rows(
            Customer,
            ["type", "name", "short_name", "industry", "source", "region", "address", "phone", "owner",
             "created_by", "created_at", "updated_at", "owned_since"],
            customer_rows,
        )  # fmt: skip
    customers_seconds = time.perf_counter() - started

    # the deals' specs: (pipeline, stage, created); ids follow the creation time
    in_board = int(deals * BOARD_SHARE)
    other_open = int(deals * OTHER_OPEN_SHARE)
    specs = []
    for pipeline, count, open_count in (
        (board, in_board, open_in_board),
        (other, deals - in_board, other_open),
    ):
        open_stages = [s for s in stages[pipeline.pk] if s.kind == StageKind.OPEN]
        won = next(s for s in stages[pipeline.pk] if s.kind == StageKind.WON)
        lost = next(s for s in stages[pipeline.pk] if s.kind == StageKind.LOST)
        for n in range(count):
            if n < open_count:  # open deals are recent: the last 150 days
                stage = rng.choices(open_stages, OPEN_STAGE_WEIGHTS)[0]
                age = rng.random() * 150 * 86400
            else:
                stage = won if rng.random() < WON_SHARE else lost
                age = 60 * 86400 + rng.random() * (two_years - 60 * 86400)
            specs.append((age, pipeline.pk, stage))
    specs.sort(key=lambda spec: -spec[0])  # oldest first

    fields = ["title", "customer", "pipeline", "stage", "state", "amount", "expected_close", "source",
              "lost_reason", "stage_entered_at", "closed_at", "owner", "created_by", "created_at", "updated_at"]  # fmt: skip
    history_fields = ["deal", "stage", "stage_name", "entered_at", "left_at", "actor"]
    deal_seconds = history_seconds = 0.0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # the generated keys are consistent: no per-row FK triggers
            cursor.execute("SET session_replication_role = replica")
    for start in range(0, len(specs), CHUNK):
        rows, stays = [], []
        for age, pipeline_id, stage in specs[start : start + CHUNK]:
            index = rng.randrange(customer_count)
            who = customer_owner[index] if rng.random() < 0.8 else owner()
            created = now - datetime.timedelta(seconds=age)
            is_open = stage.kind == StageKind.OPEN
            entered = created + datetime.timedelta(seconds=rng.random() * min(age, 30 * 86400))
            closed = entered if not is_open else None
            amount = (
                None if is_open and rng.random() < 0.08 else Decimal(rng.randrange(20_000, 2_000_000, 1000))
            )
            close_on = (entered + datetime.timedelta(days=rng.randrange(10, 120))).date()
            rows.append([f"{rng.choice(TITLES)} · {index + 1:06d}", customer_ids[index], pipeline_id, stage.pk,
                         stage.kind, amount, close_on, rng.choice(SOURCES),
                         rng.choice(LOST_REASONS) if stage.kind == StageKind.LOST else "", entered, closed, who,
                         who, created, entered])  # fmt: skip
            stays.append((stage.pk, stage.name, entered, who))
        with transaction.atomic():
            began = time.perf_counter()
            ids = insert_rows(Deal, fields, rows)
            deal_seconds += time.perf_counter() - began
            began = time.perf_counter()
            append_rows(
                DealStageHistory,
                history_fields,
                (
                    (pk, stage_id, name, entered, None, who)
                    for pk, (stage_id, name, entered, who) in zip(ids, stays, strict=True)
                ),
            )
            history_seconds += time.perf_counter() - began
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")
        began = time.perf_counter()
        cursor.execute("ANALYZE")
        analyze_seconds = time.perf_counter() - began
    return {
        "seed_seconds": round(time.perf_counter() - started, 1),
        "customers_seconds": round(customers_seconds, 1),
        "deals_insert_seconds": round(deal_seconds, 1),
        "history_insert_seconds": round(history_seconds, 1),
        "analyze_seconds": round(analyze_seconds, 1),
        "board_pipeline": board.pk,
        "other_pipeline": other.pk,
    }


def dataset(board_id: int) -> dict:
    from django.db.models import Count

    from atrium.customers.models import Customer
    from atrium.sales.models import Deal, DealStageHistory

    def by(qs):
        return {f"{row['pipeline__name']} · {row['stage__name']}": row["n"] for row in
                qs.values("pipeline__name", "stage__name").annotate(n=Count("id")).order_by("pipeline_id", "stage__position")}  # fmt: skip

    return {
        "deals": Deal.objects.count(),
        "deal_stage_history": DealStageHistory.objects.count(),
        "customers": Customer.objects.count(),
        "deals_by_stage": by(Deal.objects.all()),
        "sales1_deals": Deal.objects.filter(owner__username="sales1").count(),
        "sales1_deals_on_board": Deal.objects.filter(owner__username="sales1", pipeline_id=board_id).count(),
        "sales1_open_on_board": Deal.objects.filter(
            owner__username="sales1", pipeline_id=board_id, state="open"
        ).count(),
    }


# --- measuring -------------------------------------------------------------------------------------------


def _timed(call) -> tuple[object, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    response = call()
    return response, (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def _queries(call) -> tuple[object, dict, list[dict]]:
    """One more request with every query timed (``execute_wrapper``): how many, and the slowest."""
    from django.db import connection

    queries: list[dict] = []

    def timer(execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append(
                {"ms": (time.perf_counter() - began) * 1000, "sql": sql, "params": params, "many": many}
            )

    with connection.execute_wrapper(timer):
        response = call()
    slowest = sorted(queries, key=lambda q: -q["ms"])
    summary = {
        "queries": len(queries),
        "queries_ms": round(sum(q["ms"] for q in queries), 1),
        "response_bytes": len(getattr(response, "content", b"")),
        "slowest_queries": [{"ms": round(q["ms"], 2), "sql": q["sql"][:700]} for q in slowest[:3]],
    }
    return response, summary, slowest


def _explain(query: dict) -> list[str]:
    from django.db import connection

    sql, params = query["sql"], None if query["many"] else query["params"]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            analyze = "ANALYZE, BUFFERS, " if sql.lstrip().upper().startswith("SELECT") else ""
            cursor.execute(f"EXPLAIN ({analyze}COSTS) {sql}", params)
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return [" | ".join(str(v) for v in row) for row in cursor.fetchall()]


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
    response, queries, slowest = _queries(call)
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
        except Exception as exc:  # a statement EXPLAIN does not take (COMMIT …)
            result["slowest_statement_plan"] = [f"EXPLAIN failed: {exc}"]
    return result


def run_cases(info: dict, runs: int, warmup: int, explain: bool) -> list[dict]:
    results = []
    for username in ("sales1", "admin"):
        for case in _persona_cases(username, info["board_pipeline"], runs, warmup, explain):
            results.append(case)
            print(
                f"  {username:7s} {case['case']:14s} p50 {case['p50_ms']:7.1f} ms  p95 {case['p95_ms']:7.1f} ms "
                f"(goal < {case['goal_p95_ms']})  {case['queries']} queries  errors {case['errors']}",
                file=sys.stderr,
                flush=True,
            )
    return results


def _persona_cases(username: str, board_id: int, runs: int, warmup: int, explain: bool) -> list[dict]:
    from django.test import Client

    from atrium.accounts.models import User
    from atrium.sales.models import Deal, Stage, StageKind

    stages = list(Stage.objects.filter(pipeline_id=board_id).order_by("position"))
    first, second = [s for s in stages if s.kind == StageKind.OPEN][:2]
    won = next(s for s in stages if s.kind == StageKind.WON)
    user = User.objects.get(username=username)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    # the card moved: the newest of the first stage, sales1's own for sales1, someone else's for admin
    deals = Deal.objects.filter(pipeline_id=board_id, stage=first)
    deals = deals.filter(owner=user) if username == "sales1" else deals.exclude(owner__username="sales1")
    deal = deals.order_by("-pk").first()
    paths = {
        "board": f"/deals/board/{board_id}/",
        "move": f"/deals/{deal.pk}/move/",
        "list": "/deals/",
        "list_filtered": f"/deals/?stage={won.pk}&amount_min={AMOUNT_MIN}",
    }
    state = {"version": deal.version, "to": second.pk}

    def move():
        response = client.post(paths["move"], {"stage": state["to"], "version": state["version"]})
        if response.status_code == 200:
            state["version"] = response.json()["version"]
            state["to"] = first.pk if state["to"] == second.pk else second.pk
        return response

    def ok(response) -> bool:
        return response.status_code == 200

    calls = {name: (lambda path=path: client.get(path)) for name, path in paths.items() if name != "move"}
    calls["move"] = move
    cases = []
    for name in ("board", "move", "list", "list_filtered"):
        case = measure(name, calls[name], runs=runs, warmup=warmup, check=ok, explain=explain)
        cases.append({"user": username, "path": paths[name], **case})
    return cases


def child(deals: int, open_in_board: int, runs: int, warmup: int, explain: bool) -> dict:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    print(f"  seeding {deals:,} deals …", file=sys.stderr, flush=True)
    info = seed(deals, open_in_board)
    print(f"  seeded in {info['seed_seconds']} s", file=sys.stderr, flush=True)
    facts = dataset(info["board_pipeline"])
    server = None
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
        "cases": run_cases(info, runs, warmup, explain),
    }


# --- the parent --------------------------------------------------------------------------------------------


@contextmanager
def fresh_postgres(name: str, keep: bool):
    try:
        import psycopg

        admin = psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=3)
    except Exception as exc:
        print(f"PostgreSQL not reachable at {POSTGRES_URL}: {exc}; skipping the PostgreSQL run.")
        yield None
        return
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{POSTGRES_URL.partition('?')[0].rpartition('/')[0]}/{name}"
    finally:
        if not keep:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def run_engine(engine: str, args: argparse.Namespace) -> dict | None:
    deals = args.deals or DEFAULT_DEALS[engine]
    with temporary_var_dir(f"sales-{engine}") as var_dir:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ATRIUM_")}
        env.update(DJANGO_SETTINGS_MODULE="atrium.settings", ATRIUM_VAR_DIR=str(var_dir))
        command = [PYTHON, str(ROOT / "bench" / "sales_deals.py"), "--child", "--deals", str(deals),
                   "--open", str(args.open), "--runs", str(args.runs), "--warmup", str(args.warmup), *(["--explain"] if args.explain else [])]  # fmt: skip
        if engine == "postgresql":
            with fresh_postgres(DATABASE_NAME, args.keep_database) as url:
                if url is None:
                    return None
                env["ATRIUM_DATABASE_URL"] = url
                return _spawn(command, env)
        return _spawn(command, env)


def _spawn(command: list[str], env: dict) -> dict:
    result = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"the sales benchmark failed:\n{result.stdout[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", action="append", choices=["postgresql", "sqlite"])
    parser.add_argument(
        "--deals", type=int, default=None, help="Default: 200,000 on PostgreSQL, 20,000 on SQLite."
    )
    parser.add_argument("--open", type=int, default=OPEN_IN_BOARD, help="Open deals in the board's pipeline.")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument(
        "--keep-database", action="store_true", help=f"Keep the PostgreSQL database {DATABASE_NAME}."
    )
    parser.add_argument("--explain", action="store_true", help="Plans of every case's slowest statement.")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(
            json.dumps(child(args.deals, args.open, args.runs, args.warmup, args.explain), ensure_ascii=False)
        )
        return
    for engine in args.engine or ["postgresql", "sqlite"]:
        deals = args.deals or DEFAULT_DEALS[engine]
        argv = [a for a in sys.argv[1:] if a != "--keep-database"]
        command = " ".join([".venv/bin/python", "bench/sales_deals.py", *argv])
        machine = machine_facts()
        print(f"{engine}: {deals:,} deals …", flush=True)
        outcome = run_engine(engine, args)
        if outcome is None:
            continue
        path = write_result(f"sales_deals_{engine}.json", {"command": command, "machine": machine, **outcome})
        print(f"written {path}", flush=True)


if __name__ == "__main__":
    main()
