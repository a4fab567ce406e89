"""Seeding of the contracts benchmark (``bench/contracts.py``): contracts, their plans, payments with their
allocations and invoices generated in memory from a fixed seed, then written with ``core.bulk_insert``; and the
facts of the seeded data that the run reports."""

from __future__ import annotations

import datetime
import itertools
import random
import time
from decimal import Decimal

from contracts_rows import PLAN, contract_specs, payments_of_group

BIG_CONTRACTS = 50
BIG_PAYMENTS = 200
CHUNK = 20_000
REPS = 40
SHARES = {"sales1": 0.10, "sales2": 0.06, "manager": 0.02}
INVOICE_SHARE = 0.55  # of the instalments that received something
METHODS = (("bank", 70), ("wechat", 15), ("alipay", 10), ("cash", 5))
QUOTE_SHARE = 0.6
SOURCES = ("转介绍", "网络推广", "老客户", "展会", "电话营销")
TITLES = ("全屋装修", "旧房翻新", "厨卫改造", "软装设计", "办公室装修", "门店装修", "展厅改造", "厂房改造",
          "会议中心装修", "酒店客房翻新")  # fmt: skip

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
    specs = contract_specs(rng, contracts, big_positions, today, now)
    customer_count = max(200, contracts // 2)
    customer_weights = [0.0] + [min(rng.paretovariate(2.0), 10.0) for _ in range(customer_count - 1)]
    drawn = rng.choices(range(customer_count), customer_weights, k=contracts)  # one call: cumulated once
    for n, spec in enumerate(specs):
        spec["customer"] = 0 if n in big_positions else drawn[n]
    big = sorted(big_positions)
    rest = [n for n in range(contracts) if n not in big_positions]
    plan = payments_of_group(rng, specs, big, BIG_PAYMENTS, today)
    plan += payments_of_group(rng, specs, rest, payments - BIG_PAYMENTS, today)
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
