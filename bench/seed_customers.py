"""Bulk-seeds a benchmark database with generated customers, contacts, follow-ups and leads, then the search index.

    .venv/bin/python bench/seed_customers.py --customers 1000000 --contacts 1000000 --followups 1000000 \
        --database-url postgresql://postgres@127.0.0.1:5432/atrium_bench_customers
    .venv/bin/python bench/seed_customers.py --customers 100000 --contacts 100000 --followups 100000 \
        --database-url sqlite:///var/bench/customers.sqlite3

Steps: ``migrate``; the demo company's people (admin, manager, sales1, sales2 …) plus generated sales reps in
generated departments under 销售部; then — only when the database has no customer yet — the rows, in chunks,
by COPY on PostgreSQL (foreign-key triggers off for the session) or executemany in big transactions on SQLite
(foreign keys and sync off); then the search index (``atrium.core.search.rebuild_index``) and ANALYZE. Run it
again after a failure or once the search index exists: seeded tables are not seeded twice. Owners: ~20 % pool,
sales1 1.5 %, sales2 1 %, the rest over the generated reps. Timings go to bench/results/seed_customers.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import sys
import time
from pathlib import Path

from bench_site import ROOT, machine_facts, write_result
from custom_field_rows import FieldKeys, define_fields
from custom_field_rows import values as custom_values
from customer_rows import (
    CONTACT_COLUMNS,
    CUSTOMER_COLUMNS,
    FOLLOWUP_COLUMNS,
    LEAD_COLUMNS,
    TAG_COLUMNS,
    Clock,
    CustomerRow,
    contact_row,
    customer_row,
    followup_row,
    lead_row,
    person_name,
)

SQLITE_DEFAULT = f"sqlite:///{ROOT / 'var' / 'bench' / 'customers.sqlite3'}"
SALES_TEAMS = ("上海一组", "上海二组", "杭州一组", "杭州二组", "苏州一组", "南京一组", "无锡一组", "宁波一组",
               "大客户组", "电销组")  # fmt: skip
POOL_SHARE, SALES1_SHARE, SALES2_SHARE = 0.20, 0.015, 0.01
UPDATED_AT, LAST_FOLLOWUP, NEXT_FOLLOWUP = (CUSTOMER_COLUMNS.index(c) for c in
                                            ("updated_at", "last_followup_at", "next_followup_at"))  # fmt: skip
CUSTOM = CUSTOMER_COLUMNS.index("custom")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--contacts", type=int, default=None, help="Default: as many as customers.")
    parser.add_argument("--followups", type=int, default=None, help="Default: as many as customers.")
    parser.add_argument("--leads", type=int, default=None, help="Default: a tenth of the customers.")
    parser.add_argument(
        "--sales-reps", type=int, default=None, help="Generated reps (default N/5000, 20–400)."
    )
    parser.add_argument("--database-url", default=SQLITE_DEFAULT, help=f"Default {SQLITE_DEFAULT}.")
    parser.add_argument("--chunk", type=int, default=20_000, help="Customers per transaction.")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--skip-index", action="store_true", help="Do not build the search index.")
    parser.add_argument(
        "--custom-fields",
        action="store_true",
        help="Define the ten custom fields of bench/custom_field_rows.py and fill them for every customer.",
    )
    args = parser.parse_args()
    args.contacts = args.customers if args.contacts is None else args.contacts
    args.followups = args.customers if args.followups is None else args.followups
    args.leads = args.customers // 10 if args.leads is None else args.leads
    args.sales_reps = args.sales_reps or min(400, max(20, args.customers // 5000))
    return args


def setup_django(database_url: str) -> None:
    if database_url.startswith("sqlite:///"):
        Path(database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    os.environ["ATRIUM_DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atrium.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def seed_people(reps: int, rng: random.Random) -> tuple[dict[str, int], list[int], list[float]]:
    """The demo personas plus ``reps`` generated sales reps (password atrium-demo). Returns ids."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from atrium.accounts.demo import DEMO_PASSWORD
    from atrium.accounts.demo import seed_people as seed_demo_people
    from atrium.accounts.models import Department, Role, User

    personas = {name: user.pk for name, user in seed_demo_people().items()}
    with transaction.atomic():
        sales = Department.objects.get(name="销售部")
        teams = []
        for position, name in enumerate(SALES_TEAMS):
            team, created = Department.objects.get_or_create(
                name=name, parent=sales, defaults={"sort_order": position + 10}
            )
            if created or not team.path:
                team.path = f"{sales.path}{team.pk}/"
                team.save(update_fields=["path"])
            teams.append(team)
        existing = set(User.objects.filter(username__startswith="rep").values_list("username", flat=True))
        password = make_password(DEMO_PASSWORD)
        new_users = [
            User(
                username=f"rep{n:04d}",
                display_name=person_name(rng),
                email=f"rep{n:04d}@zhucheng.example",
                password=password,
                department=teams[n % len(teams)],
            )
            for n in range(1, reps + 1)
            if f"rep{n:04d}" not in existing
        ]
        User.objects.bulk_create(new_users, batch_size=500)
        rep_role = Role.objects.get(code="sales_rep")
        rep_ids = list(
            User.objects.filter(username__startswith="rep").order_by("id").values_list("id", flat=True)
        )
        rep_role.users.add(*rep_ids)
    weights = [rng.uniform(0.3, 2.0) for _ in rep_ids]
    return personas, rep_ids, weights


class Writer:
    """Appends rows to tables: COPY on PostgreSQL, executemany on SQLite; one transaction per flush."""

    def __init__(self) -> None:
        from django.db import connection

        self.connection = connection
        self.postgres = connection.vendor == "postgresql"
        self.buffers: dict[str, tuple[tuple[str, ...], list[tuple]]] = {}

    def prepare(self) -> None:
        with self.connection.cursor() as cursor:
            if self.postgres:
                cursor.execute("SET session_replication_role = replica")  # no FK triggers while loading
            else:
                for pragma in (
                    "foreign_keys=OFF",
                    "synchronous=OFF",
                    "cache_size=-400000",
                    "temp_store=MEMORY",
                ):
                    cursor.execute(f"PRAGMA {pragma}")

    def finish(self) -> None:
        with self.connection.cursor() as cursor:
            if self.postgres:
                cursor.execute("SET session_replication_role = DEFAULT")
            else:
                cursor.execute("PRAGMA foreign_keys=ON")
                cursor.execute("PRAGMA synchronous=NORMAL")

    def add(self, table: str, columns: tuple[str, ...], row: tuple) -> None:
        self.buffers.setdefault(table, (columns, []))[1].append(row)

    def flush(self) -> None:
        from django.db import transaction

        with transaction.atomic(), self.connection.cursor() as cursor:
            for table, (columns, rows) in self.buffers.items():
                if rows:
                    (self._copy if self.postgres else self._insert)(cursor, table, columns, rows)
                rows.clear()

    @staticmethod
    def _copy(cursor, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        lines = "".join("\t".join(_copy_text(value) for value in row) + "\n" for row in rows)
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            copy.write(lines.encode())

    @staticmethod
    def _insert(cursor, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    def next_id(self, table: str) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
            return cursor.fetchone()[0]

    def reset_sequences(self, tables: list[str]) -> None:
        if not self.postgres:
            return  # SQLite's AUTOINCREMENT follows the explicit ids
        with self.connection.cursor() as cursor:
            for table in tables:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))"
                )


def _copy_text(value) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    return str(value)


class CustomerSeeder:
    """Customers with their tags, contacts and follow-ups, chunk by chunk, so that memory stays small."""

    def __init__(
        self, args: argparse.Namespace, writer: Writer, people: tuple, fields: FieldKeys | None = None
    ) -> None:
        self.args, self.writer, self.fields = args, writer, fields
        self.personas, self.reps, self.rep_weights = people
        self.rng = random.Random(args.seed)
        self.clock = Clock(now=datetime.datetime.now(datetime.UTC))
        self.now = self.clock.now.timestamp()
        self.contacts_done = self.followups_done = 0
        self.next_contact = writer.next_id("customers_contact")
        self.next_followup = writer.next_id("customers_followup")
        self.designers = [self.personas["pm"], *self.reps[:19]]

    def owner(self) -> tuple[int | None, int | None]:
        """(owner, previous owner)."""
        draw = self.rng.random()
        if draw < POOL_SHARE:
            previous = self.rng.choices(self.reps, self.rep_weights)[0] if self.rng.random() < 0.6 else None
            return None, previous
        if draw < POOL_SHARE + SALES1_SHARE:
            return self.personas["sales1"], None
        if draw < POOL_SHARE + SALES1_SHARE + SALES2_SHARE:
            return self.personas["sales2"], None
        return self.rng.choices(self.reps, self.rep_weights)[0], None

    def quota(self, done: int, total: int, index: int) -> int:
        """How many children customer ``index`` gets so that the totals come out exact, with some spread."""
        customers = self.args.customers
        if total == 0:  # none asked for: the spread below would still give the first customers one
            return 0
        if index == customers - 1:
            return total - done
        target = (index + 1) * total // customers
        return max(0, min(4, target - done + self.rng.choice((-1, 0, 0, 1))))

    def run(self) -> None:
        first = self.writer.next_id("customers_customer")
        total = self.args.customers
        started = time.perf_counter()
        for index in range(total):
            owner, previous = self.owner()
            created = self.clock.created_at(index, total, self.rng)
            customer = customer_row(self.rng, first + index, created, owner, previous)
            contact_ids = self.add_contacts(customer, index)
            values = self.add_followups(customer, contact_ids, index)
            if self.fields is not None:
                custom = custom_values(self.rng, first + index, self.designers, stored=self.fields)
                values = (*values[:CUSTOM], json.dumps(custom, ensure_ascii=False), *values[CUSTOM + 1 :])
            self.writer.add("customers_customer", CUSTOMER_COLUMNS, values)
            for tag in customer.tags:
                self.writer.add("customers_customertag", TAG_COLUMNS, (customer.values[0], tag))
            if (index + 1) % self.args.chunk == 0 or index + 1 == total:
                self.writer.flush()
                rate = (index + 1) / (time.perf_counter() - started)
                print(f"  customers {index + 1:>9,} / {total:,}  ({rate:,.0f}/s)", flush=True)

    def add_contacts(self, customer: CustomerRow, index: int) -> list[int]:
        count = self.quota(self.contacts_done, self.args.contacts, index)
        ids = []
        for position in range(count):
            row = contact_row(self.rng, self.next_contact, customer, position == 0, self.now)
            self.writer.add("customers_contact", CONTACT_COLUMNS, row)
            ids.append(self.next_contact)
            self.next_contact += 1
        self.contacts_done += count
        return ids

    def add_followups(self, customer: CustomerRow, contact_ids: list[int], index: int) -> tuple:
        """Adds the customer's follow-ups and returns its row with last/next follow-up times set."""
        count = self.quota(self.followups_done, self.args.followups, index)
        values = list(customer.values)
        author = customer.owner_id or values[CUSTOMER_COLUMNS.index("previous_owner_id")] or self.reps[0]
        times = sorted(
            customer.created_at + self.rng.random() * (self.now - customer.created_at) for _ in range(count)
        )
        for position, happened in enumerate(times):
            last = position == count - 1
            next_at = None
            if last and customer.owner_id and self.rng.random() < 0.5:
                next_at = max(happened + 3600, self.now + self.rng.uniform(-7, 21) * 86400)
            contact = self.rng.choice(contact_ids) if contact_ids and self.rng.random() < 0.4 else None
            row = followup_row(
                self.rng, self.next_followup, values[0], contact, None, author, happened, next_at, self.now
            )
            self.writer.add("customers_followup", FOLLOWUP_COLUMNS, row)
            self.next_followup += 1
            if last:
                values[LAST_FOLLOWUP] = values[UPDATED_AT] = Clock.text(happened)
                values[NEXT_FOLLOWUP] = Clock.text(next_at) if next_at else None
        self.followups_done += count
        return tuple(values)

    def add_leads(self) -> None:
        first = self.writer.next_id("customers_lead")
        total = self.args.leads
        for index in range(total):
            draw = self.rng.random()
            owner = (
                None
                if draw < 0.1
                else self.personas["sales1"]
                if draw < 0.13
                else self.personas["sales2"]
                if draw < 0.15
                else self.rng.choices(self.reps, self.rep_weights)[0]
            )
            created = self.clock.created_at(index, total, self.rng)
            self.writer.add("customers_lead", LEAD_COLUMNS, lead_row(self.rng, first + index, created, owner))
            if (index + 1) % self.args.chunk == 0 or index + 1 == total:
                self.writer.flush()


def build_search_index(timings: dict) -> None:
    try:
        from atrium.core.search import rebuild_index
    except ImportError as exc:
        print(f"search index not built: {exc} (run this command again once it exists)")
        timings["search_index"] = "missing"
        return
    for kind in ("customer", "contact", "lead"):
        started = time.perf_counter()
        entries = rebuild_index(kind)
        timings[f"index_{kind}_s"] = round(time.perf_counter() - started, 1)
        print(f"  search index {kind}: {entries:,} entries in {timings[f'index_{kind}_s']} s", flush=True)


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def counts() -> dict[str, int]:
    from atrium.customers.models import Contact, Customer, CustomerTag, FollowUp, Lead

    models = {
        "customers": Customer,
        "contacts": Contact,
        "followups": FollowUp,
        "leads": Lead,
        "tags": CustomerTag,
    }
    return {name: model.objects.count() for name, model in models.items()}


def main() -> int:
    args = parse_args()
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    timings: dict[str, object] = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    timings["migrate_s"] = round(time.perf_counter() - started, 1)
    rng = random.Random(args.seed)
    people = seed_people(args.sales_reps, rng)
    fields = None
    if args.custom_fields:
        from atrium.accounts.models import User

        fields = define_fields(User.objects.get(username="admin"))
    before = counts()
    writer = Writer()
    if before["customers"] == 0:
        print(
            f"seeding {args.customers:,} customers, {args.contacts:,} contacts, {args.followups:,} follow-ups"
        )
        step = time.perf_counter()
        writer.prepare()
        seeder = CustomerSeeder(args, writer, people, fields)
        seeder.run()
        timings["customers_contacts_followups_s"] = round(time.perf_counter() - step, 1)
        if before["leads"] == 0:
            step = time.perf_counter()
            seeder.add_leads()
            timings["leads_s"] = round(time.perf_counter() - step, 1)
        writer.finish()
        writer.reset_sequences(
            [
                "customers_customer",
                "customers_customertag",
                "customers_contact",
                "customers_followup",
                "customers_lead",
            ]
        )
    else:
        print(f"{before['customers']:,} customers exist: rows not seeded again")
    if fields is not None:
        from atrium.fields.indexes import sync_field_indexes

        step = time.perf_counter()
        created, _dropped = sync_field_indexes()
        timings["custom_field_indexes_s"] = round(time.perf_counter() - step, 1)
        print(f"  custom field indexes: {len(created)} made in {timings['custom_field_indexes_s']} s")
    if not args.skip_index:
        build_search_index(timings)
    step = time.perf_counter()
    analyze()
    timings["analyze_s"] = round(time.perf_counter() - step, 1)
    timings["total_s"] = round(time.perf_counter() - started, 1)
    timings["seeder_cpu_s"] = round(time.process_time(), 1)  # this process only (not the database server)
    record(args, connection.vendor, timings, counts())
    return 0


def record(args: argparse.Namespace, engine: str, timings: dict, dataset: dict) -> None:
    path = Path(__file__).resolve().parent / "results" / "seed_customers.json"
    existing = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"runs": {}}
    key = f"{engine} {args.database_url.rpartition('/')[2]}"  # one entry per database
    previous = existing["runs"].get(key, {})
    commands = previous.get("commands", [])
    existing["runs"][key] = {
        "commands": [*commands, " ".join([".venv/bin/python", "bench/seed_customers.py", *sys.argv[1:]])],
        "machine": machine_facts(),
        "dataset": dataset,
        "sales_reps": args.sales_reps,
        "timings": {**previous.get("timings", {}), **timings},
    }
    existing["benchmark"] = "bulk seeding of the customer benchmark databases (bench/seed_customers.py)"
    write_result("seed_customers.json", existing)
    print(json.dumps({"dataset": dataset, "timings": timings}, ensure_ascii=False))


if __name__ == "__main__":
    sys.exit(main())
