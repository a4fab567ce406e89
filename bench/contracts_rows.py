"""The rows of the contracts benchmark, generated in memory from a fixed seed: contract specs with their plans
(amounts, due dates, what each instalment received) and the payments that add up to it."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

PLAN = (("开工款", Decimal("30.00")), ("中期款", Decimal("30.00")), ("竣工款", Decimal("30.00")), ("质保金", Decimal("10.00")))  # fmt: skip
MERGED_SHARE = 0.03  # of the payments: one payment allocated to two consecutive instalments
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


def contract_specs(rng, count: int, big_positions: set[int], today: datetime.date, now) -> list[dict]:
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


def payments_of_group(rng, specs: list[dict], indexes: list[int], target: int, today) -> list[dict]:
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
