"""Latency of the global search ``GET /api/v1/search?q=`` on the seeded databases.

Six classes of query — 1 Chinese character, 2 characters, 4 characters, a 4-digit phone fragment, the full
pinyin of 2 characters of a name and the initials of 2–4 characters of a name — each made of 20 different
queries: common ones (华, 花园, 科技, zhuangshi, yxgs …) and pieces of names, addresses and phones of customers
spread over the table (so most of them hit). As sales1 (own scope) and as admin, sequential requests against
one uvicorn process (production settings), cycling through the class's queries. Goal: p95 under 300 ms;
pinyin initials under 100 ms. Writes bench/results/customers_search.json.
Run: ``.venv/bin/python bench/customers_search.py [--runs 60] [--engine postgresql --engine sqlite]``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import urllib.parse

from bench_site import machine_facts
from customer_site import Browser, bench_database_urls, dataset, measure, served, write_engine_results
from pypinyin import Style, lazy_pinyin

GOAL_P95_MS = 300
GOAL_P95_MS_BY_CLASS = {"pinyin initials": 100}
PER_CLASS = 20
COMMON = {
    "1 character": ["华", "园", "张", "区", "王", "鑫", "苑", "湖"],
    "2 characters": ["花园", "科技", "有限", "上海", "王伟", "餐饮", "国际", "新村"],
    "4 characters": ["有限公司", "科技有限", "浦东新区", "上海市徐"],
    "4-digit phone fragment": ["1234", "8888", "0571", "6688"],
    "pinyin full": ["zhuangshi", "keji", "shanghai", "jiancai"],
    "pinyin initials": ["yxgs", "zs", "kj", "sh"],
}
SAMPLE_SCRIPT = """
import json, django; django.setup()
from atrium.customers.models import Customer
last = Customer.objects.order_by("-id").values_list("id", flat=True).first() or 0
ids = [1 + last * n // 60 for n in range(60)]
rows = Customer.objects.filter(id__in=ids).values("name", "address", "phone")
print(json.dumps(list(rows), ensure_ascii=False))
"""


def is_cjk(text: str) -> bool:
    return all("\u4e00" <= char <= "\u9fff" for char in text)


def queries(rows: list[dict], seed: int = 7) -> dict[str, list[str]]:
    """PER_CLASS queries per class: the common ones, then substrings of the sampled customers."""
    rng = random.Random(seed)
    picked = {label: list(common) for label, common in COMMON.items()}
    for row in rows:
        text = rng.choice((row["name"], row["address"]))
        for label, length in (("1 character", 1), ("2 characters", 2), ("4 characters", 4)):
            for _attempt in range(10):
                start = rng.randrange(max(1, len(text) - length + 1))
                piece = text[start : start + length]
                if len(piece) == length and is_cjk(piece):
                    picked[label].append(piece)
                    break
        _pinyin_queries(rng, row["name"], picked)
        digits = "".join(c for c in row["phone"] if c.isdigit())
        if len(digits) >= 8:
            picked["4-digit phone fragment"].append(digits[-4:] if rng.random() < 0.6 else digits[3:7])
    return {label: list(dict.fromkeys(items))[:PER_CLASS] for label, items in picked.items()}


def _pinyin_queries(rng: random.Random, name: str, picked: dict[str, list[str]]) -> None:
    """The full pinyin of 2 characters of the name, and the initials of 2–4 of them."""
    for _attempt in range(10):
        length = rng.choice((2, 3, 4))
        start = rng.randrange(max(1, len(name) - length + 1))
        piece = name[start : start + length]
        if len(piece) == length and is_cjk(piece):
            readings = lazy_pinyin(piece, style=Style.NORMAL)
            picked["pinyin full"].append("".join(readings[:2]))
            picked["pinyin initials"].append("".join(reading[0] for reading in readings))
            return


def hits(browser: Browser, items: list[str]) -> int:
    """How many of the queries find something (checked once, outside the timing)."""
    found = 0
    for q in items:
        status, body, _ms = browser.request(f"/api/v1/search?{urllib.parse.urlencode({'q': q})}")
        found += status == 200 and bool(json.loads(body)["items"])
    return found


def run_engine(engine: str, url: str, args: argparse.Namespace) -> dict:
    with served(engine, url) as (site, base, server):
        size = dataset(site)
        classes = queries(json.loads(site.run("-c", SAMPLE_SCRIPT).strip().splitlines()[-1]))
        runs = []
        for who in ("sales1", "admin"):
            browser = Browser(base, site.token_for(who))
            for label, items in classes.items():
                paths = [f"/api/v1/search?{urllib.parse.urlencode({'q': q})}" for q in items]
                figures = measure(browser, paths, runs=args.runs, warmup=args.warmup, server_pid=server.pid)
                run = {"engine": engine, "user": who, "class": label, "queries": items,
                       "queries_with_hits": hits(browser, items), **figures}  # fmt: skip
                goal = GOAL_P95_MS_BY_CLASS.get(label, GOAL_P95_MS)
                run["meets_goal"] = figures["p95_ms"] < goal and not figures["errors"]
                runs.append(run)
                print(_line(run), flush=True)
        errors = site.server_errors()
    return {"engine": engine, "dataset": size, "server_error_lines": len(errors),
            "first_server_errors": errors[:3], "runs": runs}  # fmt: skip


def _line(run: dict) -> str:
    verdict = "ok" if run["meets_goal"] else "MISSES the goal"
    return (
        f"{run['engine']:<10} {run['user']:<6} {run['class']:<22} p50 {run['p50_ms']:7.1f} ms  "
        f"p95 {run['p95_ms']:7.1f} ms  p99 {run['p99_ms']:7.1f} ms  hits {run['queries_with_hits']}/{len(run['queries'])}  "
        f"server CPU {run['server_cpu_ms_per_request']} ms/req  errors {run['errors']}  ({verdict})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=60, help="Measured requests per class and user (default 60)."
    )
    parser.add_argument("--warmup", type=int, default=5, help="Unmeasured requests first (default 5).")
    parser.add_argument("--engine", action="append", choices=["postgresql", "sqlite"], help="Default both.")
    args = parser.parse_args()
    facts = machine_facts()
    engines = args.engine or ["postgresql", "sqlite"]
    results = [run_engine(engine, url, args) for engine, url in bench_database_urls(engines)]
    if not results:
        return 2
    for item in results:
        item["command"] = " ".join([".venv/bin/python", "bench/customers_search.py", *sys.argv[1:]])
        item["machine"] = facts
    header = {
        "benchmark": "GET /api/v1/search?q= (customers, contacts, leads; 10 per kind), sequential, one uvicorn process",
        "goal": {"p95_ms_max": GOAL_P95_MS, "p95_ms_max_by_class": GOAL_P95_MS_BY_CLASS},
    }
    print(f"wrote {write_engine_results('customers_search.json', header, results)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
