"""The operation-alert sweep over a day of 1,000,000 operation-log rows (goal: < 5 s on each database).

Each engine runs in its own process on its own scratch database (SQLite in a temporary var dir; PostgreSQL a
database created and dropped by the script): ``migrate``, 300 generated staff, then one day (Beijing time) of
log rows by ``core.bulk_insert.append_rows`` (COPY on PostgreSQL, executemany on SQLite) — edits, creations,
sign-ins, exports, deletes, transfers, permission changes in the proportions of a busy office, a few people
well over the thresholds — plus the day before's sign-ins (the addresses people are known by). Every rule is
turned on; the sweep runs over the day (``alerts_sweep(since=day start, now=day end)``) three times: the first
raises the alerts (and writes their audit rows and ``alert.raised`` outbox rows), the next two find nothing
new. Writes bench/results/alerts_sweep.json.
Run: ``.venv/bin/python bench/alerts_sweep.py [--engine postgresql --engine sqlite] [--rows 1000000]``.
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
import zoneinfo

from bench_site import PYTHON, ROOT, machine_facts, postgres_database, temporary_var_dir, write_result

DAY = datetime.datetime(2026, 12, 2, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
PEOPLE = 300
# (action, kind, share of the rows)
MIX = [
    ("update", "customer", 0.38),
    ("update", "contact", 0.12),
    ("update", "followup", 0.08),
    ("create", "customer", 0.12),
    ("create", "followup", 0.14),
    ("login", "user", 0.04),
    ("logout", "user", 0.03),
    ("export", "customer", 0.01),
    ("delete", "customer", 0.02),
    ("transfer", "customer", 0.03),
    ("claim", "customer", 0.02),
    ("permission", "role", 0.0005),
    ("import", "customer", 0.0095),
]


def _rows(people: list[tuple[int, str]], count: int, seed: int = 7):
    """``count`` log rows over the day, in time order, from ``people`` (id, username)."""
    rng = random.Random(seed)
    actions = [(action, kind) for action, kind, _share in MIX]
    weights = [share for _action, _kind, share in MIX]
    start = (DAY + datetime.timedelta(hours=8)).astimezone(datetime.UTC)  # office hours: 08:00 – 20:00
    step = 12 * 3600 / count
    heavy = people[:6]  # well over the thresholds: the sweep has alerts to raise
    for i in range(count):
        at = start + datetime.timedelta(seconds=i * step)
        action, kind = rng.choices(actions, weights)[0]
        person_id, username = rng.choice(heavy if rng.random() < 0.06 else people)
        changes: dict = {}
        if action == "export":
            changes = {"format": "csv", "count": rng.randint(10, 400)}
        elif action == "permission":
            changes = {"customer.export": [1, rng.choice([2, 3])]}
        elif action == "update":
            changes = {"status": ["potential", "following"]}
        ip = None
        if action == "login":  # one sign-in in 500 from an address the person never used
            ip = (
                f"172.16.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
                if rng.random() < 0.002
                else (f"10.{person_id % 200}.{rng.randint(0, 2)}.{rng.randint(1, 2)}")
            )
        yield (at, person_id, username, ip, action, kind, str(rng.randint(1, 1_000_000)), "", changes, "")


def _late_sign_ins(people: list[tuple[int, str]]):
    """Twenty people also sign in late in the evening (after 22:00)."""
    late = (DAY + datetime.timedelta(hours=22, minutes=30)).astimezone(datetime.UTC)
    for n, (person_id, username) in enumerate(people[-20:]):
        ip = f"10.{person_id % 200}.0.1"
        yield (late + datetime.timedelta(minutes=n), person_id, username, ip, "login", "user", "", "", {}, "")


def _known_addresses(people: list[tuple[int, str]]):
    """The day before: each person signed in from their usual addresses."""
    at = (DAY - datetime.timedelta(hours=12)).astimezone(datetime.UTC)
    for person_id, username in people:
        for third in range(3):
            for fourth in (1, 2):
                ip = f"10.{person_id % 200}.{third}.{fourth}"
                yield (at, person_id, username, ip, "login", "user", str(person_id), username, {}, "")


def child(rows: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    from atrium.accounts.models import User
    from atrium.alerts.models import Alert, AlertRule
    from atrium.alerts.services import alerts_sweep
    from atrium.core.bulk_insert import append_rows
    from atrium.core.models import OperationLog

    User.objects.bulk_create(
        User(username=f"rep{n:03d}", display_name=f"销售{n:03d}", email=f"rep{n:03d}@bench.example")
        for n in range(PEOPLE)
    )
    people = list(User.objects.filter(username__startswith="rep").values_list("pk", "username"))
    fields = ["created_at", "actor", "actor_name", "ip", "action", "kind", "object_id", "object_repr",
              "changes", "summary"]  # fmt: skip
    started = time.perf_counter()
    with transaction.atomic():
        append_rows(OperationLog, fields, _known_addresses(people))
    with transaction.atomic():
        append_rows(OperationLog, fields, _rows(people, rows - 20))
        append_rows(OperationLog, fields, _late_sign_ins(people))
    seeded = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    thresholds = {"export_volume": 10000, "delete_transfer_volume": 25, "customer_edit_volume": 150}
    for rule in AlertRule.objects.all():
        rule.is_enabled = True
        rule.threshold = thresholds.get(rule.key, rule.threshold)
        rule.save()
    since, until = DAY, DAY + datetime.timedelta(days=1)
    runs = []
    for _run in range(3):
        began = time.perf_counter()
        raised = alerts_sweep(since=since, now=until)
        runs.append({"seconds": round(time.perf_counter() - began, 3), "raised": raised})
    by_rule = {rule.key: Alert.objects.filter(rule=rule).count() for rule in AlertRule.objects.order_by("id")}
    return {
        "log_rows_in_day": rows,
        "log_rows_total": OperationLog.objects.count(),
        "people": PEOPLE,
        "seed_seconds": round(seeded, 1),
        "sweeps": runs,
        "alerts_by_rule": by_rule,
        "goal_seconds": 5,
        "met": all(run["seconds"] < 5 for run in runs),
    }


def run_engine(engine: str, rows: int) -> dict | None:
    with temporary_var_dir(f"alerts-{engine}") as var_dir:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ATRIUM_")}
        env.update(DJANGO_SETTINGS_MODULE="atrium.settings", ATRIUM_VAR_DIR=str(var_dir))
        if engine == "postgresql":
            with postgres_database("atrium_bench_alerts_sweep") as url:
                if url is None:
                    return None
                env["ATRIUM_DATABASE_URL"] = url
                return _spawn(env, rows)
        return _spawn(env, rows)


def _spawn(env: dict, rows: int) -> dict:
    command = [PYTHON, str(ROOT / "bench" / "alerts_sweep.py"), "--child", "--rows", str(rows)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"the sweep benchmark failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", action="append", choices=["postgresql", "sqlite"])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(child(args.rows)))
        return
    results = {"machine": machine_facts(), "engines": {}}
    for engine in args.engine or ["postgresql", "sqlite"]:
        print(f"{engine}: seeding {args.rows:,} log rows and sweeping …", flush=True)
        outcome = run_engine(engine, args.rows)
        if outcome is not None:
            results["engines"][engine] = outcome
            print(f"{engine}: {json.dumps(outcome['sweeps'])}", flush=True)
    path = write_result("alerts_sweep.json", results)
    print(f"written {path}")


if __name__ == "__main__":
    main()
