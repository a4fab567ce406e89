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
import datetime
import itertools
import json
import os
import random
import subprocess
import sys
import time
from decimal import Decimal

from bench_site import PYTHON, ROOT, machine_facts, temporary_var_dir, write_result
from sales_deals import _explain, _queries, _timed, fresh_postgres, percentiles

DATABASE_NAME = "bench_contracts"
DEFAULT_CONTRACTS = {"postgresql": 50_000, "sqlite": 5_000}
DEFAULT_PAYMENTS = {"postgresql": 200_000, "sqlite": 20_000}
BIG_CONTRACTS = 50
BIG_PAYMENTS = 200
CHUNK = 20_000
REPS = 40
SHARES = {"sales1": 0.10, "sales2": 0.06, "manager": 0.02}
GOALS = {
    "history_selector": 150,
    "history_page": 150,
    "contracts_list": 100,
    "receivables_overdue": 100,
    "payments_list": 100,
}
PLAN = (("开工款", Decimal("30.00")), ("中期款", Decimal("30.00")), ("竣工款", Decimal("30.00")), ("质保金", Decimal("10.00")))  # fmt: skip
TITLES = ("全屋装修", "旧房翻新", "厨卫改造", "软装设计", "办公室装修", "门店装修", "展厅改造", "厂房改造",
          "会议中心装修", "酒店客房翻新")  # fmt: skip
SOURCES = ("转介绍", "网络推广", "老客户", "展会", "电话营销")
METHODS = (("bank", 70), ("wechat", 15), ("alipay", 10), ("cash", 5))
MERGED_SHARE = 0.03  # of the payments: one payment allocated to two consecutive instalments
QUOTE_SHARE = 0.6
INVOICE_SHARE = 0.55  # of the instalments that received something
CENT = Decimal("0.01")


# --- generating (in memory, from a fixed seed) ---------------------------------------------------------------


def _amount(rng: random.Random) -> Decimal:
    r = rng.random()
    if r < 0.70:
        yuan = rng.randrange(20_000, 300_000, 1000)
    elif r < 0.95:
        yuan = rng.randrange(300_000, 1_000_000, 1000)
    else:
        yuan = rng.randrange(1_000_000, 5_000_000, 1000)
    return Decimal(yuan).quantize(CENT)


def _plan_amounts(total: Decimal) -> list[Decimal]:
    parts = [(total * percent / 100).quantize(CENT) for _name, percent in PLAN[:-1]]
    return [*parts, total - sum(parts)]


def _partial(rng: random.Random, amount: Decimal) -> Decimal:
    """Something received, not all: 20–80 % in hundreds of yuan."""
    share = Decimal(str(round(rng.uniform(0.2, 0.8), 2)))
    value = (amount * share / 100).quantize(Decimal(1)) * 100
    return min(max(value, Decimal(100)), amount - Decimal(100)).quantize(CENT)


def _receipts(rng, amounts, dues, today, terminated: bool) -> list[Decimal]:
    """What each instalment received: due ones mostly in full, recent ones more often late or partly paid."""
    got: list[Decimal] = []
    behind = False
    for position, (amount, due) in enumerate(zip(amounts, dues, strict=True)):
        days_past = (today - due).days
        if terminated:
            got.append(amount if position == 0 and days_past > 0 and rng.random() < 0.5 else Decimal("0.00"))
            continue
        if days_past >= -7:  # due (待收 from 7 days before) or past
            unpaid = 0.03 if days_past > 180 else 0.12
            partial = 0.02 if days_past > 180 else 0.07
            if behind:
                unpaid, partial = unpaid * 3, partial * 2
            r = rng.random()
            if r < unpaid:
                got.append(Decimal("0.00"))
                behind = True
            elif r < unpaid + partial:
                got.append(_partial(rng, amount))
                behind = True
            else:
                got.append(amount)
        elif days_past >= -30 and not behind and rng.random() < 0.05:  # paid early
            got.append(amount)
        else:
            got.append(Decimal("0.00"))
    return got


def _split(rng: random.Random, total: Decimal, pieces: int) -> list[Decimal]:
    """``total`` in ``pieces`` positive amounts (hundreds of yuan but the last), adding up exactly."""
    if pieces == 1:
        return [total]
    weights = [rng.uniform(0.5, 1.5) for _ in range(pieces)]
    scale = sum(weights)
    parts = [(total * Decimal(w / scale) / 100).quantize(Decimal(1)) * 100 for w in weights[:-1]]
    parts = [p.quantize(CENT) for p in parts]
    last = total - sum(parts)
    if last <= 0 or any(p <= 0 for p in parts):  # tiny amounts: equal cents
        cents = int(total * 100)
        parts = [Decimal(cents // pieces) / 100 for _ in range(pieces - 1)]
        parts = [p.quantize(CENT) for p in parts]
        last = total - sum(parts)
    return [*parts, last]


def _dates(rng, due: datetime.date, pieces: int, earliest: datetime.date, today: datetime.date) -> list:
    days = sorted(rng.randint(-10, 25) for _ in range(pieces))
    return [min(max(due + datetime.timedelta(days=d), earliest), today) for d in days]


def _contract_specs(rng, count: int, big_positions: set[int], today: datetime.date, now) -> list[dict]:
    """Contracts oldest first: dates, status, plan and what each instalment received (no customer yet)."""
    specs = []
    three_years = 3 * 365 * 86400
    for n in range(count):
        created = now - datetime.timedelta(seconds=(count - n) / count * three_years + rng.random() * 3600)
        age_days = (now - created).days
        if n in big_positions:  # the big customer's contracts are all signed (its history is the worst)
            draft, terminated = False, False
        else:
            draft = rng.random() < (0.25 if age_days < 60 else 0.01)
            terminated = not draft and age_days > 30 and rng.random() < 0.04
        amount = _amount(rng)
        signed_on = None if draft else min(created.date() + datetime.timedelta(days=rng.randint(0, 5)), today)
        starts_on = (signed_on or created.date() + datetime.timedelta(days=10)) + datetime.timedelta(
            days=rng.randint(3, 20)
        )
        ends_on = starts_on + datetime.timedelta(days=rng.randint(90, 180))
        dues = [
            starts_on,
            starts_on + datetime.timedelta(days=rng.randint(40, 70)),
            ends_on,
            ends_on + datetime.timedelta(days=365),
        ]
        amounts = _plan_amounts(amount)
        got = [Decimal("0.00")] * 4 if draft else _receipts(rng, amounts, dues, today, terminated)
        if draft:
            status = "draft"
        elif terminated:
            status = "terminated"
        elif all(g == a for g, a in zip(got, amounts, strict=True)):
            status = "completed"
        elif starts_on > today:
            status = "signed"
        else:
            status = "active"
        specs.append({"created": created, "amount": amount, "signed_on": signed_on, "starts_on": starts_on,
                      "ends_on": ends_on, "dues": dues, "amounts": amounts, "got": got, "status": status})  # fmt: skip
    return specs


def _payments_of_group(rng, specs: list[dict], indexes: list[int], target: int, today) -> list[dict]:
    """Exactly ``target`` payments over the instalments of these contracts that received something: each such
    instalment at least one piece, the rest of the pieces spread by amount; a few payments cover the last piece
    of one instalment and the first of the next."""
    paid = [(c, i) for c in indexes for i in range(4) if specs[c]["got"][i] > 0]
    pairs = [
        (c, i) for c in indexes for i in range(3) if specs[c]["got"][i] > 0 and specs[c]["got"][i + 1] > 0
    ]
    rng.shuffle(pairs)
    wanted, merges, used = round(target * MERGED_SHARE), set(), set()
    for c, i in pairs:
        if len(merges) >= wanted:
            break
        if (c, i) in used or (c, i + 1) in used:
            continue
        merges.add((c, i))
        used.update({(c, i), (c, i + 1)})
    pieces_total = target + len(merges)
    extra = pieces_total - len(paid)
    if extra < 0:
        raise SystemExit(
            f"{target:,} payments are fewer than the {len(paid):,} instalments that received something: "
            "ask for more payments or fewer contracts"
        )
    pieces = dict.fromkeys(paid, 1)
    if extra:
        weights = [float(specs[c]["got"][i]) for c, i in paid]
        for key in rng.choices(paid, weights, k=extra):
            pieces[key] += 1
    payments: list[dict] = []
    for c in indexes:
        spec = specs[c]
        earliest = spec["signed_on"] or spec["created"].date()
        carried = None  # the last piece of instalment i, paid with the first of i + 1
        for i in range(4):
            if spec["got"][i] <= 0:
                continue
            amounts = _split(rng, spec["got"][i], pieces[(c, i)])
            dates = _dates(rng, spec["dues"][i], len(amounts), earliest, today)
            for n, (amount, on) in enumerate(zip(amounts, dates, strict=True)):
                allocation = (i, amount)
                if carried is not None and n == 0:
                    first = carried
                    payments.append({"contract": c, "on": max(first["on"], on),
                                     "allocations": [*first["allocations"], allocation]})  # fmt: skip
                    carried = None
                    continue
                if (c, i) in merges and n == len(amounts) - 1:
                    carried = {"on": on, "allocations": [allocation]}
                    continue
                payments.append({"contract": c, "on": on, "allocations": [allocation]})
        assert carried is None
    assert len(payments) == target, (len(payments), target)
    return payments


# --- seeding (in the child process, Django set up) ---------------------------------------------------------


def _owner_picker(personas: dict[str, int], rep_ids: list[int], weights: list[float], rng: random.Random):
    fixed = [(personas[name], share) for name, share in SHARES.items()]
    rest = 1 - sum(share for _pk, share in fixed)
    total = sum(weights)
    ids = [pk for pk, _share in fixed] + rep_ids
    cumulative = list(
        itertools.accumulate([share for _pk, share in fixed] + [rest * w / total for w in weights])
    )
    return lambda: rng.choices(ids, cum_weights=cumulative)[0]


def _chunks(rows: list, size: int = CHUNK):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _insert(model, fields: list[str], rows: list) -> tuple[list[int], float]:
    """Rows in transactions of CHUNK; their ids in order and the seconds it took."""
    from django.db import transaction

    from atrium.core.bulk_insert import insert_rows

    began, ids = time.perf_counter(), []
    for chunk in _chunks(rows):
        with transaction.atomic():
            ids += insert_rows(model, fields, chunk)
    return ids, time.perf_counter() - began


def _append(model, fields: list[str], rows: list) -> float:
    from django.db import transaction

    from atrium.core.bulk_insert import append_rows

    began = time.perf_counter()
    for chunk in _chunks(rows):
        with transaction.atomic():
            append_rows(model, fields, chunk)
    return time.perf_counter() - began


def seed(contracts: int, payments: int, seed_value: int = 20261205) -> dict:
    from customer_rows import customer_fields
    from django.db import connection
    from django.utils import timezone
    from seed_customers import seed_people

    from atrium.accounts.demo import COMPANY
    from atrium.contracts.models import Contract, Instalment, Invoice, Payment, PaymentAllocation
    from atrium.customers.models import Customer
    from atrium.sales.models import Deal, Pipeline, Quote, QuoteVersion, Stage, StageKind

    if contracts < BIG_CONTRACTS * 2 or payments < BIG_PAYMENTS * 2:
        raise SystemExit(f"at least {BIG_CONTRACTS * 2} contracts and {BIG_PAYMENTS * 2} payments")
    rng = random.Random(seed_value)
    started = time.perf_counter()
    timings: dict[str, float] = {}
    personas, rep_ids, weights = seed_people(REPS, rng)
    owner = _owner_picker(personas, rep_ids, weights, rng)
    sales1 = personas["sales1"]
    now = timezone.now()
    today = timezone.localdate()

    # what is generated, in memory
    began = time.perf_counter()
    big_positions = set(rng.sample(range(contracts), BIG_CONTRACTS))
    specs = _contract_specs(rng, contracts, big_positions, today, now)
    customer_count = max(200, contracts // 2)
    customer_weights = [0.0] + [min(rng.paretovariate(2.0), 10.0) for _ in range(customer_count - 1)]
    drawn = rng.choices(range(customer_count), customer_weights, k=contracts)  # one call: cumulated once
    for n, spec in enumerate(specs):
        spec["customer"] = 0 if n in big_positions else drawn[n]
    big = sorted(big_positions)
    rest = [n for n in range(contracts) if n not in big_positions]
    plan = _payments_of_group(rng, specs, big, BIG_PAYMENTS, today)
    plan += _payments_of_group(rng, specs, rest, payments - BIG_PAYMENTS, today)
    plan.sort(key=lambda p: (p["on"], p["contract"]))
    timings["generate_seconds"] = time.perf_counter() - began

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # the generated keys are consistent: no per-row FK triggers
            cursor.execute("SET session_replication_role = replica")

    # customers: created before their first contract; the big one is sales1's
    first_contract: dict[int, int] = {}
    for n, spec in enumerate(specs):
        first_contract.setdefault(spec["customer"], n)
    customer_rows, customer_owner, customer_name = [], [], []
    for c in range(customer_count):
        fields = customer_fields(rng)
        if c == 0 and fields["type"] != "company":
            while fields["type"] != "company":
                fields = customer_fields(rng)
        who = sales1 if c == 0 else owner()
        anchor = specs[first_contract[c]]["created"] if c in first_contract else now
        created = anchor - datetime.timedelta(days=rng.randint(5, 90))
        customer_rows.append([fields["type"], fields["name"], fields["short_name"], fields["industry"],
                              rng.choice(SOURCES), fields["region"], fields["address"], fields["phone"],
                              who, who, created, created, created])  # fmt: skip
        customer_owner.append(who)
        customer_name.append(fields["name"])
    customer_ids, timings["customers_seconds"] = _insert(
        Customer,
        ["type", "name", "short_name", "industry", "source", "region", "address", "phone", "owner",
         "created_by", "created_at", "updated_at", "owned_since"],
        customer_rows,
    )  # fmt: skip

    # one won deal per contract, an accepted quote for some
    board = Pipeline.objects.order_by("position", "id").first()
    won = Stage.objects.get(pipeline=board, kind=StageKind.WON)
    deal_rows = []
    for spec in specs:
        c = spec["customer"]
        spec["owner"] = sales1 if c == 0 else (customer_owner[c] if rng.random() < 0.85 else owner())
        spec["title"] = f"{rng.choice(TITLES)} · {customer_name[c][:20]}"
        closed = spec["created"] - datetime.timedelta(hours=rng.randint(1, 72))
        opened = closed - datetime.timedelta(days=rng.randint(10, 90))
        deal_rows.append([spec["title"], customer_ids[c], board.pk, won.pk, StageKind.WON, spec["amount"],
                          closed.date(), rng.choice(SOURCES), "", closed, closed, spec["owner"], spec["owner"],
                          opened, closed])  # fmt: skip
    deal_ids, timings["deals_seconds"] = _insert(
        Deal,
        ["title", "customer", "pipeline", "stage", "state", "amount", "expected_close", "source", "lost_reason",
         "stage_entered_at", "closed_at", "owner", "created_by", "created_at", "updated_at"],
        deal_rows,
    )  # fmt: skip
    quoted = [n for n in range(contracts) if rng.random() < QUOTE_SHARE]
    quote_rows = []
    for n in quoted:
        spec = specs[n]
        at = spec["created"] - datetime.timedelta(days=rng.randint(3, 20))
        quote_rows.append([deal_ids[n], f"BJ-{at.year}-{n + 1:05d}", spec["title"], spec["owner"], at, at])
    quote_ids, timings["quotes_seconds"] = _insert(
        Quote, ["deal", "number", "title", "created_by", "created_at", "updated_at"], quote_rows
    )
    version_rows = []
    for n, quote_id in zip(quoted, quote_ids, strict=True):
        spec = specs[n]
        at = spec["created"] - datetime.timedelta(days=1)
        version_rows.append([quote_id, 1, "accepted", spec["amount"], spec["amount"], at, at, at, spec["owner"],
                             at, at])  # fmt: skip
    version_ids, seconds = _insert(
        QuoteVersion,
        ["quote", "number", "status", "subtotal", "total", "sent_at", "accepted_at", "answered_at", "created_by",
         "created_at", "updated_at"],
        version_rows,
    )  # fmt: skip
    timings["quotes_seconds"] += seconds
    quote_of = {n: (q, v) for n, q, v in zip(quoted, quote_ids, version_ids, strict=True)}

    # invoices: about half of the instalments that received something, issued after the last payment
    last_paid: dict[tuple[int, int], datetime.date] = {}
    for p in plan:
        for i, _amount in p["allocations"]:
            key = (p["contract"], i)
            last_paid[key] = max(last_paid.get(key, p["on"]), p["on"])
    invoice_specs = []
    for (c, i), on in last_paid.items():
        if rng.random() < INVOICE_SHARE:
            issued = min(on + datetime.timedelta(days=rng.randint(0, 5)), today)
            invoice_specs.append(
                (issued, c, specs[c]["got"][i], "special" if rng.random() < 0.3 else "ordinary")
            )
    invoice_specs.sort()
    invoiced: dict[int, Decimal] = {}
    for _issued, c, amount, _kind in invoice_specs:
        invoiced[c] = invoiced.get(c, Decimal("0.00")) + amount

    # contracts and their instalments
    contract_rows = []
    for n, spec in enumerate(specs):
        c = spec["customer"]
        quote_id, version_id = quote_of.get(n, (None, None))
        number = f"HT-{(spec['signed_on'] or spec['created'].date()).year}-{n + 1:05d}"
        contract_rows.append([number, spec["title"], customer_ids[c], deal_ids[n], quote_id, version_id,
                              spec["amount"], customer_name[c], COMPANY, spec["signed_on"], spec["starts_on"],
                              spec["ends_on"], spec["status"], sum(spec["got"]), invoiced.get(n, Decimal("0.00")),
                              spec["owner"], spec["owner"], spec["created"], spec["created"]])  # fmt: skip
    contract_ids, timings["contracts_seconds"] = _insert(
        Contract,
        ["number", "title", "customer", "deal", "quote", "quote_version", "amount", "party_a", "party_b",
         "signed_on", "starts_on", "ends_on", "status", "received", "invoiced", "owner", "created_by",
         "created_at", "updated_at"],
        contract_rows,
    )  # fmt: skip
    instalment_rows = []
    for n, spec in enumerate(specs):
        for i, (name, percent) in enumerate(PLAN):
            instalment_rows.append([contract_ids[n], i, name, percent, spec["amounts"][i], spec["dues"][i],
                                    spec["got"][i]])  # fmt: skip
    instalment_ids, timings["instalments_seconds"] = _insert(
        Instalment,
        ["contract", "position", "name", "percent", "amount", "due_on", "received"],
        instalment_rows,
    )

    # payments (ids in the order they were received) and their allocations
    payment_rows = []
    methods, method_weights = zip(*METHODS, strict=True)
    for p, method in zip(plan, rng.choices(methods, method_weights, k=len(plan)), strict=True):
        spec = specs[p["contract"]]
        reference = f"{rng.randrange(10**15, 10**16)}" if method != "cash" else ""
        at = datetime.datetime.combine(p["on"], datetime.time(9), tzinfo=now.tzinfo) + datetime.timedelta(
            minutes=rng.randint(0, 540)
        )
        at = min(at, now)
        payment_rows.append([contract_ids[p["contract"]], sum(a for _i, a in p["allocations"]), p["on"], method,
                             reference, spec["owner"], at, at])  # fmt: skip
    payment_ids, timings["payments_seconds"] = _insert(
        Payment,
        [
            "contract",
            "amount",
            "received_on",
            "method",
            "reference",
            "created_by",
            "created_at",
            "updated_at",
        ],
        payment_rows,
    )
    allocation_rows = [
        [pk, instalment_ids[p["contract"] * 4 + i], amount]
        for pk, p in zip(payment_ids, plan, strict=True)
        for i, amount in p["allocations"]
    ]
    timings["allocations_seconds"] = _append(
        PaymentAllocation, ["payment", "instalment", "amount"], allocation_rows
    )
    invoice_rows = []
    for seq, (issued, c, amount, kind) in enumerate(invoice_specs, start=1):
        at = datetime.datetime.combine(issued, datetime.time(15), tzinfo=now.tzinfo)
        invoice_rows.append([contract_ids[c], f"{seq:08d}", kind, amount, issued, specs[c]["owner"], at, at])
    timings["invoices_seconds"] = _append(
        Invoice,
        ["contract", "number", "kind", "amount", "issued_on", "created_by", "created_at", "updated_at"],
        invoice_rows,
    )

    with connection.cursor() as cursor:
        began = time.perf_counter()
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
        timings["analyze_seconds"] = time.perf_counter() - began
    return {
        "seed_seconds": round(time.perf_counter() - started, 1),
        **{k: round(v, 1) for k, v in timings.items()},
        "big_customer": customer_ids[0],
    }


def dataset(big_customer: int) -> dict:
    """Sizes, the big customer's share, and the consistency of what was received and allocated."""
    from django.db.models import Count, DecimalField, F, Q, Sum, Value
    from django.db.models.functions import Coalesce
    from django.utils import timezone

    from atrium.contracts.models import Contract, Instalment, Invoice, Payment, PaymentAllocation
    from atrium.customers.models import Customer
    from atrium.sales.models import Deal, Quote

    today = timezone.localdate()
    zero = Value(Decimal("0.00"), output_field=DecimalField(max_digits=14, decimal_places=2))

    def allocated(path: str):
        return Coalesce(Sum(path), zero)

    instalments_off = (
        Instalment.objects.annotate(allocated=allocated("allocations__amount"))
        .exclude(allocated=F("received"))
        .count()
    )
    contracts_off = (
        Contract.objects.annotate(planned=allocated("instalments__received"))
        .exclude(planned=F("received"))
        .count()
    )
    payments_off = (
        Payment.objects.annotate(allocated=allocated("allocations__amount"))
        .exclude(allocated=F("amount"))
        .count()
    )
    overdue = Q(received__lt=F("amount"), due_on__lt=today) & ~Q(contract__status__in=("draft", "terminated"))
    contracts_per_customer = (
        Contract.objects.values("customer").annotate(n=Count("id")).order_by("-n").values_list("n", flat=True)
    )
    return {
        "customers": Customer.objects.count(),
        "deals": Deal.objects.count(),
        "quotes": Quote.objects.count(),
        "contracts": Contract.objects.count(),
        "contracts_by_status": dict(
            Contract.objects.values_list("status").annotate(n=Count("id")).order_by("status")
        ),
        "instalments": Instalment.objects.count(),
        "instalments_overdue": Instalment.objects.filter(overdue).count(),
        "payments": Payment.objects.count(),
        "payment_allocations": PaymentAllocation.objects.count(),
        "invoices": Invoice.objects.count(),
        "most_contracts_per_customer": list(contracts_per_customer[:5]),
        "sales1_contracts": Contract.objects.filter(owner__username="sales1").count(),
        "sales1_payments": Payment.objects.filter(contract__owner__username="sales1").count(),
        "sales1_instalments_overdue": Instalment.objects.filter(
            overdue, contract__owner__username="sales1"
        ).count(),
        "big_customer": big_customer,
        "big_customer_contracts": Contract.objects.filter(customer_id=big_customer).count(),
        "big_customer_instalments": Instalment.objects.filter(contract__customer_id=big_customer).count(),
        "big_customer_payments": Payment.objects.filter(contract__customer_id=big_customer).count(),
        "big_customer_invoices": Invoice.objects.filter(contract__customer_id=big_customer).count(),
        "big_customer_deals": Deal.objects.filter(customer_id=big_customer).count(),
        "inconsistent_instalments": instalments_off,
        "inconsistent_contracts": contracts_off,
        "inconsistent_payments": payments_off,
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
